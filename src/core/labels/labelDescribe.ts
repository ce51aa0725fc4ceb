import { inPrompt, type AddEvent } from './labelEvent';

/**
 * A label in a few words, for "Undid …" / "Redid …" messages. `side` names sides as they are
 * shown (blind mode: "Response A"), so no message reveals what the view hides; `trait` names a
 * trait as the taxonomy labels it ("Truthfulness", not `truthfulness`).
 */
export function describeLabel(e: AddEvent, shownSide: (name: string) => string = (s) => s, trait: (id: string) => string = (t) => t): string {
  // A label in the prompt is on a step both sides share.
  const side = (name: string) => (inPrompt(e) ? 'shared prompt' : shownSide(name));
  switch (e.kind) {
    case 'span':
      return `${trait(e.trait)} tag on “${clip(e.quote)}” (${side(e.side)})`;
    case 'verdict':
      return `${trait(e.trait)} ${e.value} (${side(e.side)})`;
    case 'preference':
      return `preference ${side(e.value)}${e.trait ? ` on ${trait(e.trait)}` : ''}`;
    case 'rubric':
      return `rubric ${e.criterion} ${e.value} (${side(e.side)})`;
    case 'flag':
      return `flag ${e.flag}${e.side ? ` (${side(e.side)})` : ''}`;
    case 'note':
      return `note “${clip(e.text)}”`;
    case 'step_verdict':
      return `${trait(e.trait)} ${e.value} on ${stepName(e)} (${side(e.side)})`;
    case 'step_flag':
      return `flag ${e.flag} on ${stepName(e)} (${side(e.side)})`;
  }
}

/** A step as messages name it: "message 3" or "tool call call_7 of message 3" (the index in the side's messages, as the log holds it). */
export function stepName(step: { message: number; call?: string | undefined }): string {
  return step.call === undefined ? `message ${step.message}` : `tool call ${step.call} of message ${step.message}`;
}

/** Text on one line, cut to `max` characters with an ellipsis. */
export function clip(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
