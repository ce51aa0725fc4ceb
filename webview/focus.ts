/**
 * Keyboard focus in the view: one tab stop per side panel (a roving tabindex over its verdict,
 * rubric and flag buttons, moved with the arrow keys), which side has the keyboard, and a way
 * back when focus would fall to the page body.
 */

/** A text field (also inside a vscode-elements control): keys there are typed, not commands. */
export function isField(el: Element | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'VSCODE-TEXTAREA', 'VSCODE-TEXTFIELD'].includes(el.tagName);
}

function cells(panel: Element): HTMLElement[] {
  return [...panel.querySelectorAll<HTMLElement>('[data-cell]')];
}

/** The cell each side's panel last had focused, by its `data-cell` key. */
const current = new Map<string, string>();

/** After a render: exactly one tab stop per panel, the cell it had (or its first). */
export function applyRoving(root: HTMLElement): void {
  for (const panel of root.querySelectorAll<HTMLElement>('.side-panel[data-position]')) {
    const all = cells(panel);
    const want = current.get(panel.dataset.position ?? '');
    const stop = all.find((c) => c.dataset.cell === want) ?? all[0];
    for (const c of all) c.tabIndex = c === stop ? 0 : -1;
  }
}

/** The tab stop of a side's panel ('left' / 'right'). */
export function sideStop(root: HTMLElement, position: string): HTMLElement | undefined {
  const panel = root.querySelector<HTMLElement>(`.side-panel[data-position="${position}"]`);
  if (!panel) return undefined;
  return cells(panel).find((c) => c.tabIndex === 0) ?? cells(panel)[0];
}

/** Remembers the cell that got focus (by click, Tab or arrows) as its panel's tab stop. */
export function noteFocus(el: HTMLElement): void {
  const panel = el.closest<HTMLElement>('.side-panel[data-position]');
  const key = el.dataset.cell;
  if (!panel || !key) return;
  current.set(panel.dataset.position ?? '', key);
  for (const c of cells(panel)) c.tabIndex = c === el ? 0 : -1;
}

const centre = (r: DOMRect) => ({ x: r.left + r.width / 2, y: r.top + r.height / 2 });

/**
 * Arrow keys in a side panel: left / right to the neighbour in reading order, up / down to the
 * nearest cell above or below (so the verdict grid moves by row), Home / End to the ends.
 * True when the key was used.
 */
export function arrowInPanel(e: KeyboardEvent): boolean {
  const el = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>('[data-cell]') : null;
  const panel = el?.closest('.side-panel');
  if (!el || !panel) return false;
  const all = cells(panel);
  const i = all.indexOf(el);
  let to: HTMLElement | undefined;
  if (e.key === 'ArrowRight') to = all[i + 1];
  else if (e.key === 'ArrowLeft') to = all[i - 1];
  else if (e.key === 'Home') to = all[0];
  else if (e.key === 'End') to = all.at(-1);
  else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    const down = e.key === 'ArrowDown';
    const here = centre(el.getBoundingClientRect());
    let best = Infinity;
    for (const c of all) {
      const p = centre(c.getBoundingClientRect());
      const dy = down ? p.y - here.y : here.y - p.y;
      if (dy < 4) continue;
      const score = dy * 4 + Math.abs(p.x - here.x);
      if (score < best) [best, to] = [score, c];
    }
  } else return false;
  if (to) {
    noteFocus(to);
    to.focus();
    to.scrollIntoView({ block: 'nearest' });
  }
  return true;
}
