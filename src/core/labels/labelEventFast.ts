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
  if (o.op === 'remove') return exactKeys(o, removeKeys) && typeof o.target === 'string' ? (o as LabelEvent) : undefined;
  if (o.op !== 'add' || typeof o.item !== 'string' || !(o.viewMs === undefined || count(o.viewMs))) return undefined;
  switch (o.kind) {
    case 'verdict':
      return exactKeys(o, verdictKeys) && str(o.side) && str(o.trait) && (o.value === 'ok' || o.value === 'violation' || o.value === 'unsure') ? (o as LabelEvent) : undefined;
    case 'preference':
      return exactKeys(o, preferenceKeys) && str(o.value) && optStr(o.trait) ? (o as LabelEvent) : undefined;
    case 'span':
      if (!exactKeys(o, spanKeys) || !str(o.side) || !count(o.message) || !count(o.start) || !count(o.end) || !str(o.quote) || !str(o.trait)) return undefined;
      if (!optStr(o.severity) || !optStr(o.note)) return undefined;
      if (o.field === undefined) o.field = 'content';
      else if (o.field !== 'content' && o.field !== 'reasoning') return undefined;
      return o as LabelEvent;
    case 'rubric':
      return exactKeys(o, rubricKeys) && str(o.side) && str(o.criterion) && (o.value === 'met' || o.value === 'unmet') ? (o as LabelEvent) : undefined;
    case 'flag':
      return exactKeys(o, flagKeys) && optStr(o.side) && str(o.flag) ? (o as LabelEvent) : undefined;
    case 'note':
      return exactKeys(o, noteKeys) && str(o.text) ? (o as LabelEvent) : undefined;
    default:
      return undefined;
  }
}

const common = ['v', 'op', 'id', 'at', 'annotator'];
const add = [...common, 'item', 'kind', 'viewMs'];
const removeKeys = new Set([...common, 'target']);
const verdictKeys = new Set([...add, 'side', 'trait', 'value']);
const preferenceKeys = new Set([...add, 'value', 'trait']);
const spanKeys = new Set([...add, 'side', 'message', 'field', 'start', 'end', 'quote', 'trait', 'severity', 'note']);
const rubricKeys = new Set([...add, 'side', 'criterion', 'value']);
const flagKeys = new Set([...add, 'side', 'flag']);
const noteKeys = new Set([...add, 'text']);

/** Every own key is one the kind has (zod would strip others: let it). */
function exactKeys(o: Record<string, unknown>, keys: Set<string>): boolean {
  // JSON.parse makes plain objects with own keys only; `__proto__` is an own key there, and unknown.
  for (const k in o) if (!keys.has(k)) return false;
  return true;
}

const str = (x: unknown): x is string => typeof x === 'string';
const nonEmpty = (x: unknown): boolean => typeof x === 'string' && x.length > 0;
const optStr = (x: unknown): boolean => x === undefined || typeof x === 'string';
const count = (x: unknown): boolean => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
