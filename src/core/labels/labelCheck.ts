import { spanSource, toolCallsWithId } from './spanSource';
import { promptStepStart } from './steps';
import { tieValue, bothBadValue } from './humanLabels';
import type { AddDraft } from './labelEvent';
import type { Message, ReviewItem } from '../schema';
import type { Taxonomy } from '../taxonomy';

/** Longest note (item note or span note) a label may carry, in UTF-16 code units. */
export const maxNoteLength = 10_000;

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Checks a label draft against the item it names, before anything is written: the side, the
 * message and its field exist (a span on tool-call arguments names one call of that message by
 * id; a span on a tool result names the call the result answers, if any); a span's
 * `0 ≤ start < end ≤ length` and its quote is exactly that slice of the text; trait, severity, flag and rubric criterion are in the taxonomy or the item;
 * notes are at most `maxNoteLength`. Returns the reason it is refused, or undefined when it is fine.
 */
export function checkDraft(draft: AddDraft, item: ReviewItem, taxonomy: Taxonomy): string | undefined {
  if (draft.item !== item.id) return `the label names item "${draft.item}", not "${item.id}"`;
  const sides = item.sides.map((s) => s.name);
  const sideOf = (name: string) => item.sides.find((s) => s.name === name);
  const noSide = (name: string) => `item "${item.id}" has no side "${name}" (its sides are ${sides.map((s) => `"${s}"`).join(' and ')})`;
  const trait = (id: string) => (taxonomy.traits.some((t) => t.id === id) ? undefined : `"${id}" is not a trait of the taxonomy (${taxonomy.traits.map((t) => t.id).join(', ')})`);
  const note = (text: string | undefined, what: string) =>
    text !== undefined && text.length > maxNoteLength ? `the ${what} is ${count(text.length)} characters; at most ${count(maxNoteLength)} are kept — shorten it` : undefined;
  switch (draft.kind) {
    case 'span': {
      const place = spanPlace(draft, item);
      if (typeof place === 'string') return place;
      const { message, of } = place;
      const call = draft.toolCallId;
      const where = draft.field === 'arguments' ? `the arguments of tool call "${call}"` : `the ${draft.field}`;
      if (draft.field === 'arguments') {
        if (call === undefined) return `a span on tool-call arguments names no tool call (toolCallId)`;
        const calls = toolCallsWithId(message, call);
        if (calls.length === 0) {
          const ids = (message.tool_calls ?? []).flatMap((c) => (c.id ? [`"${c.id}"`] : []));
          return `${of} has no tool call "${call}" (${ids.length ? `its calls are ${ids.join(', ')}` : 'it has no tool calls with an id'})`;
        }
        if (calls.length > 1) return `${of} has ${calls.length} tool calls with the id "${call}"; a span cannot say which`;
      } else if (call !== undefined && !(draft.field === 'content' && message.role === 'tool' && message.tool_call_id === call)) {
        return `the span names tool call "${call}", but ${of} is not its tool result${message.role === 'tool' ? ` (it answers ${message.tool_call_id ? `"${message.tool_call_id}"` : 'no call id'})` : ''}`;
      }
      const text = spanSource(message, draft.field, call);
      if (typeof text !== 'string') return `${of} has no ${draft.field}`;
      if (!(draft.start < draft.end && draft.end <= text.length)) {
        return `the span ${draft.start}–${draft.end} is not within ${where} of ${place.name} (0–${text.length}, start before end)`;
      }
      if (text.slice(draft.start, draft.end) !== draft.quote) return `the quote does not match the text at ${draft.start}–${draft.end} of ${draft.field === 'arguments' ? `${where} of ` : ''}${place.name}; the message may have changed — select the text again`;
      if (draft.severity !== undefined && !taxonomy.severities.includes(draft.severity)) return `"${draft.severity}" is not a severity (${taxonomy.severities.join(', ')})`;
      return trait(draft.trait) ?? note(draft.note, 'span note');
    }
    case 'verdict':
      return sideOf(draft.side) ? trait(draft.trait) : noSide(draft.side);
    case 'preference':
      if (!sides.includes(draft.value) && draft.value !== tieValue && draft.value !== bothBadValue) {
        return `"${draft.value}" is not a preference: one of ${[...sides, tieValue, bothBadValue].map((s) => `"${s}"`).join(', ')}`;
      }
      return draft.trait === undefined ? undefined : trait(draft.trait);
    case 'rubric': {
      if (!sideOf(draft.side)) return noSide(draft.side);
      const criteria = item.metadata.rubric ?? [];
      return criteria.some((c) => c.id === draft.criterion) ? undefined : `item "${item.id}" has no rubric criterion "${draft.criterion}"`;
    }
    case 'flag':
      if (draft.side !== undefined && !sideOf(draft.side)) return noSide(draft.side);
      return taxonomy.flags.some((f) => f.id === draft.flag) ? undefined : `"${draft.flag}" is not a flag of the taxonomy (${taxonomy.flags.map((f) => f.id).join(', ') || 'none'})`;
    case 'note':
      return note(draft.text, 'note');
    case 'step_verdict':
    case 'step_flag': {
      let refused: string | undefined;
      if (draft.in === 'prompt') refused = checkPromptStep(draft, item);
      else {
        const side = sideOf(draft.side);
        if (!side) return noSide(draft.side);
        refused = checkStep(draft, side.messages, item.id);
      }
      if (refused) return refused;
      if (draft.kind === 'step_verdict') return trait(draft.trait);
      return taxonomy.flags.some((f) => f.id === draft.flag) ? undefined : `"${draft.flag}" is not a flag of the taxonomy (${taxonomy.flags.map((f) => f.id).join(', ') || 'none'})`;
    }
  }
}

/**
 * The message a span names, and how messages name it ("message 2 of side "trained"", "message 5
 * of the shared prompt"); or why there is none. A span in the prompt (`in: 'prompt'`) has the
 * empty side and lies in one of the prompt's shared steps (`checkPromptPlace`).
 */
function spanPlace(draft: { side: string; in?: 'prompt' | undefined; message: number }, item: ReviewItem): { message: Message; of: string; name: string } | string {
  if (draft.in === 'prompt') {
    const refused = checkPromptPlace(draft, item);
    if (refused) return refused;
    return { message: item.prompt[draft.message]!, of: `message ${draft.message} of the shared prompt`, name: `message ${draft.message} of the shared prompt` };
  }
  const side = item.sides.find((s) => s.name === draft.side);
  if (!side) return `item "${item.id}" has no side "${draft.side}" (its sides are ${item.sides.map((s) => `"${s.name}"`).join(' and ')})`;
  const message = side.messages[draft.message];
  if (!message) return `side "${draft.side}" of item "${item.id}" has no message ${draft.message} (it has ${side.messages.length})`;
  return { message, of: `message ${draft.message} of side "${draft.side}"`, name: `message ${draft.message}` };
}

/**
 * Whether a label in the prompt names a shared step: its side is empty (the prompt is neither
 * side's), the message exists, and it is the prompt's first model turn or later (what comes
 * before is the prompt proper, which no run produced). Returns why not, or undefined.
 */
export function checkPromptPlace(step: { side: string; message: number }, item: ReviewItem): string | undefined {
  if (step.side !== '') return `a label in the shared prompt is on neither side: its side must be "" (it names "${step.side}")`;
  const prompt = item.prompt;
  if (step.message >= prompt.length) return `the prompt of item "${item.id}" has no message ${step.message} (it has ${prompt.length})`;
  const first = promptStepStart(prompt);
  if (step.message < first) {
    return first < prompt.length
      ? `message ${step.message} of the prompt of item "${item.id}" comes before its first model turn (message ${first}): only the steps both runs share can be labeled there`
      : `the prompt of item "${item.id}" has no model turn, so none of its messages is a shared step`;
  }
  return undefined;
}

/** `checkStep` for a step of the shared prompt (`in: 'prompt'`). */
export function checkPromptStep(step: { side: string; message: number; call?: string | undefined }, item: ReviewItem): string | undefined {
  return checkPromptPlace(step, item) ?? callMissing(step.call, item.prompt[step.message]!, `message ${step.message} of the shared prompt`);
}

/**
 * Whether a step exists: the message index is in range, and a tool call, when named, is one of
 * that message's calls (by id). Returns the reason it does not, or undefined. The linter uses it
 * too, for step labels whose transcript changed under them.
 */
export function checkStep(step: { side: string; message: number; call?: string | undefined }, messages: readonly Message[], item: string): string | undefined {
  const message = messages[step.message];
  if (!message) return `side "${step.side}" of item "${item}" has no message ${step.message} (it has ${messages.length})`;
  return callMissing(step.call, message, `message ${step.message} of side "${step.side}"`);
}

/** Why a message has no tool call with this id (`of` names the message), or undefined when it has one or none is named. */
function callMissing(call: string | undefined, message: Message, of: string): string | undefined {
  if (call === undefined) return undefined;
  const ids = (message.tool_calls ?? []).flatMap((c) => (c.id === undefined ? [] : [c.id]));
  if (ids.includes(call)) return undefined;
  return ids.length ? `${of} has no tool call "${call}" (its calls are ${ids.map((c) => `"${c}"`).join(', ')})` : `${of} has no tool call with an id, so none can be named "${call}"`;
}
