import type { LabelEvent } from './labelEvent';

/**
 * The label log's fast path: accepts a parsed JSON value only when `labelEventSchema` would
 * accept it unchanged (exactly the known keys of its kind, each of the right type), and returns
 * it as the event; anything else is `undefined` and goes to the zod schema, which has the last
 * word and the error messages. A fuzz test checks that the two agree. Folding a large log is
 * then about the cost of `JSON.parse`.
 */
export function fastLabelEvent(json: unknown): LabelEvent | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const o = json as Record<string, unknown>;
  if (o.v !== 1 || !nonEmpty(o.id) || typeof o.at !== 'string' || !nonEmpty(o.annotator)) return undefined;
  // JSON has no `undefined`: every key is a defined value, so "no unknown keys" is "as many keys
  // as known fields that are set" — counted, not looked up one by one.
  if (o.op === 'remove') return typeof o.target === 'string' && keyCount(o) === 6 ? (o as LabelEvent) : undefined;
  if (o.op !== 'add' || typeof o.item !== 'string') return undefined;
  let n = 7 + (o.viewMs === undefined ? 0 : 1) + (o.guidelines === undefined ? 0 : 1);
  if (o.viewMs !== undefined && !count(o.viewMs)) return undefined;
  if (!optStr(o.guidelines)) return undefined;
  switch (o.kind) {
    case 'verdict':
      if (!str(o.side) || !str(o.trait) || !(o.value === 'ok' || o.value === 'violation' || o.value === 'unsure')) return undefined;
      n += 3;
      break;
    case 'preference':
      if (!str(o.value) || !optStr(o.trait)) return undefined;
      n += 1 + set(o.trait);
      break;
    case 'span':
      if (!str(o.side) || !count(o.message) || !count(o.start) || !count(o.end) || !str(o.quote) || !str(o.trait) || !optStr(o.severity) || !optStr(o.note)) return undefined;
      if (o.field !== undefined && o.field !== 'content' && o.field !== 'reasoning' && o.field !== 'arguments') return undefined;
      if (o.toolCallId !== undefined && !nonEmpty(o.toolCallId)) return undefined;
      if (!optPrompt(o.in)) return undefined;
      n += 6 + set(o.field) + set(o.toolCallId) + set(o.severity) + set(o.note) + set(o.in);
      if (keyCount(o) !== n) return undefined;
      if (o.field === undefined) o.field = 'content';
      return o as LabelEvent;
    case 'rubric':
      if (!str(o.side) || !str(o.criterion) || !(o.value === 'met' || o.value === 'unmet')) return undefined;
      n += 3;
      break;
    case 'flag':
      if (!optStr(o.side) || !str(o.flag)) return undefined;
      n += 1 + set(o.side);
      break;
    case 'note':
      if (!str(o.text)) return undefined;
      n += 1;
      break;
    case 'step_verdict':
      if (!str(o.side) || !optPrompt(o.in) || !count(o.message) || !optNonEmpty(o.call) || !str(o.trait) || !(o.value === 'ok' || o.value === 'violation' || o.value === 'unsure')) return undefined;
      n += 4 + set(o.call) + set(o.in);
      break;
    case 'step_flag':
      if (!str(o.side) || !optPrompt(o.in) || !count(o.message) || !optNonEmpty(o.call) || !str(o.flag)) return undefined;
      n += 3 + set(o.call) + set(o.in);
      break;
    default:
      return undefined;
  }
  return keyCount(o) === n ? (o as LabelEvent) : undefined;
}

/** Own enumerable keys of a parsed JSON object (`__proto__` included: JSON.parse makes it an own key). */
function keyCount(o: Record<string, unknown>): number {
  let c = 0;
  for (const k in o) if (k !== undefined) c++;
  return c;
}

const set = (x: unknown): number => (x === undefined ? 0 : 1);
const str = (x: unknown): x is string => typeof x === 'string';
const nonEmpty = (x: unknown): boolean => typeof x === 'string' && x.length > 0;
const optNonEmpty = (x: unknown): boolean => x === undefined || nonEmpty(x);
const optPrompt = (x: unknown): boolean => x === undefined || x === 'prompt';
const optStr = (x: unknown): boolean => x === undefined || typeof x === 'string';
const count = (x: unknown): boolean => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
