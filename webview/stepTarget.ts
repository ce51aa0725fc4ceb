/**
 * The focused step: the message or tool call the step keys act on — the one holding the text
 * selection, else the one last clicked or gone to with the step keys (stepActions.ts). Messages carry `data-message` (on `article.message`,
 * inside a side's `[data-side]`) and tool calls `data-call`, so a DOM node maps back to its step.
 */

/** One step of a side: a message, or one of its tool calls by id. */
export interface SideStep {
  side: string;
  message: number;
  call?: string;
}

export function sameSideStep(a: SideStep | null | undefined, b: SideStep | null | undefined): boolean {
  return !!a && !!b && a.side === b.side && a.message === b.message && a.call === b.call;
}

/** The step a node lies in, or undefined outside any side's messages. */
export function stepAt(node: Node | null | undefined): SideStep | undefined {
  const el = node instanceof Element ? node : node?.parentElement;
  const article = el?.closest<HTMLElement>('article.message[data-message]');
  const side = article?.closest<HTMLElement>('.side[data-side]')?.dataset.side;
  const message = Number(article?.dataset.message);
  if (!article || side === undefined || !Number.isInteger(message)) return undefined;
  const call = el?.closest<HTMLElement>('.tool-call[data-call]')?.dataset.call;
  return call ? { side, message, call } : { side, message };
}

/** The step holding the current text selection, if any. */
export function selectedStep(): SideStep | undefined {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return undefined;
  return stepAt(sel.getRangeAt(0).startContainer);
}
