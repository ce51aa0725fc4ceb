/**
 * Steps in the page: the element of a step, scrolling to it with the keyboard on it, the outline's
 * arrow keys (a roving tab stop over its entries), and folding every tool result at once.
 */
import type { StepRef } from './steps';
import { passageAt } from './passage';

/** The element a step is drawn as (its tool call's, for a call), if it is drawn. */
export function stepElement(root: HTMLElement, ref: StepRef): HTMLElement | null {
  const article =
    ref.where === 'shared'
      ? root.querySelector<HTMLElement>(`.prompt article[data-prompt-message="${ref.message}"]`)
      : root.querySelector<HTMLElement>(`.side[data-position="${ref.where}"] article[data-message="${ref.message}"]`);
  if (!article || ref.call === undefined) return article;
  return article.querySelector<HTMLElement>(`.tool-call[data-call-index="${ref.call}"]`) ?? article;
}

/** Scrolls a step to the top and gives it the keyboard; `]` then selects from its first sentence. */
export function revealStep(root: HTMLElement, ref: StepRef): void {
  if (ref.where === 'shared') {
    const prompt = root.querySelector<HTMLDetailsElement>('details.prompt');
    if (prompt && !prompt.open) prompt.open = true;
  }
  const el = stepElement(root, ref);
  if (!el) return;
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: 'start' });
  // The sentence keys go on from this step: in its side, or in the prompt for a shared step.
  const within = el.closest<HTMLElement>(ref.where === 'shared' ? '.prompt' : '.side');
  window.getSelection()?.removeAllRanges();
  if (within) passageAt(within, ref.message, ref.call === undefined ? undefined : el.closest<HTMLElement>('.tool-call')?.dataset.call);
}

function entries(nav: Element): HTMLElement[] {
  return [...nav.querySelectorAll<HTMLElement>('.outline-step')];
}

/** After a render: one tab stop per outline, its current entry (or its first). */
export function applyOutlineRoving(root: HTMLElement): void {
  for (const nav of root.querySelectorAll('.outline')) {
    const all = entries(nav);
    const stop = all.find((b) => b.classList.contains('current')) ?? all[0];
    for (const b of all) b.tabIndex = b === stop ? 0 : -1;
  }
}

export function inOutline(): boolean {
  return !!document.activeElement?.closest('.outline');
}

export function focusOutline(root: HTMLElement, position: 'left' | 'right'): void {
  const nav = root.querySelector(`.outline[data-position="${position}"]`) ?? root.querySelector('.outline');
  if (!nav) return;
  const all = entries(nav);
  const to = all.find((b) => b.tabIndex === 0) ?? all[0];
  to?.focus();
  to?.scrollIntoView({ block: 'nearest' });
}

/** Up / Down (and Home / End) between the outline's entries. True when the key was used. */
export function arrowInOutline(e: KeyboardEvent): boolean {
  const el = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>('.outline-step') : null;
  const nav = el?.closest('.outline');
  if (!el || !nav) return false;
  const all = entries(nav);
  const i = all.indexOf(el);
  const to = e.key === 'ArrowDown' ? all[i + 1] : e.key === 'ArrowUp' ? all[i - 1] : e.key === 'Home' ? all[0] : e.key === 'End' ? all.at(-1) : undefined;
  if (!to) return e.key === 'ArrowDown' || e.key === 'ArrowUp' || e.key === 'Home' || e.key === 'End';
  for (const b of all) b.tabIndex = b === to ? 0 : -1;
  to.focus();
  to.scrollIntoView({ block: 'nearest' });
  return true;
}

/**
 * What `c` does to the item's tool results: collapse them all (false) when one is open, else expand
 * them all (true); undefined when there are none. The view draws it (`resultsAll`): an opened
 * result's body is drawn only then.
 */
export function toolResultsToggled(root: HTMLElement): boolean | undefined {
  const all = [...root.querySelectorAll<HTMLDetailsElement>('.item details.tool-result')];
  if (!all.length) return undefined;
  return !all.some((d) => d.open);
}
