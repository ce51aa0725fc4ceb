/**
 * The focused step: the message or tool call the step keys act on — the one holding the text
 * selection, else the one last clicked or gone to with the step keys (stepActions.ts). Messages carry `data-message` (on `article.message`,
 * inside a side's `[data-side]`) and tool calls `data-call`, so a DOM node maps back to its step.
 * A shared step (a model turn both runs share, in the prompt) is `article.shared-step[data-prompt-message]`.
 */

/**
 * One step as labels name it: a message of a side, or of the shared prompt (`in: 'prompt'`, side
 * `""`, `message` its index in the prompt), or one of its tool calls by id.
 */
export interface SideStep {
  side: string;
  in?: 'prompt' | undefined;
  message: number;
  call?: string | undefined;
}

export function sameSideStep(a: SideStep | null | undefined, b: SideStep | null | undefined): boolean {
  return !!a && !!b && a.side === b.side && (a.in === 'prompt') === (b.in === 'prompt') && a.message === b.message && a.call === b.call;
}

/** A shared step of the prompt, as labels name it. */
export function promptStep(message: number, call?: string): SideStep {
  return { side: '', in: 'prompt', message, ...(call !== undefined && { call }) };
}

/** The step a node lies in, or undefined outside any side's messages. */
export function stepAt(node: Node | null | undefined): SideStep | undefined {
  const el = node instanceof Element ? node : node?.parentElement;
  const article = el?.closest<HTMLElement>('article.message[data-message]');
  const call = el?.closest<HTMLElement>('.tool-call[data-call]')?.dataset.call;
  const shared = article ? null : el?.closest<HTMLElement>('.prompt article.shared-step[data-prompt-message]');
  if (shared) return promptStep(Number(shared.dataset.promptMessage), call);
  const side = article?.closest<HTMLElement>('.side[data-side]')?.dataset.side;
  const message = Number(article?.dataset.message);
  if (!article || side === undefined || !Number.isInteger(message)) return undefined;
  return call ? { side, message, call } : { side, message };
}

/** The step holding the current text selection, if any. */
export function selectedStep(): SideStep | undefined {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return undefined;
  return stepAt(sel.getRangeAt(0).startContainer);
}
