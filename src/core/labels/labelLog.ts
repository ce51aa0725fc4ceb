/** Label logs as text: serializing an event to its line, the streaming parser, and the fold (`LabelState`) into current labels. */
import { labelEventSchema, type AddEvent, type LabelEvent } from './labelEvent';
import { fastLabelEvent } from './labelEventFast';
import type { Diagnostic } from '../diagnostic';

/** The fields every event starts with, in this order: a reader finds an event's start by them. */
const eventStart = '{"v":1,';

/**
 * One event as one log line, newline included, keys in a fixed order starting `{"v":1,`: a
 * reader can find where an event starts even when a torn fragment of another writer precedes it
 * on the same line.
 */
export function serializeEvent(event: LabelEvent): string {
  const { v, op, id, at, annotator, ...rest } = event;
  return JSON.stringify({ v, op, id, at, annotator, ...rest }) + '\n';
}

const newline = 0x0a;

/**
 * Parses a label log as it streams in, a chunk of bytes at a time, never holding it as one
 * string (a log may be larger than V8's string limit). Blank lines are skipped. A line that is
 * not an event is a warning; if a whole event follows a torn fragment on the same line (a writer
 * killed mid-line, then ours appended), the event is kept. A last line without its newline that
 * does not parse is a torn write: ignored, and read again by the next `LogTail` read.
 */
export class LogParser {
  private _carry: Uint8Array = new Uint8Array(0);
  private _consumed: number;
  private _line: number;
  private readonly _decoder = new TextDecoder('utf-8', { fatal: false });

  constructor(
    private readonly _file: string,
    private readonly _onEvent: (e: LabelEvent, line: number) => void,
    readonly diagnostics: Diagnostic[],
    /** Byte offset and 1-based line number the first chunk starts at. */
    start: { offset: number; line: number } = { offset: 0, line: 1 },
  ) {
    this._consumed = start.offset;
    this._line = start.line;
  }

  /** Bytes up to and including the last complete line's newline. */
  get consumed(): number {
    return this._consumed;
  }

  /** Line number of the first line not yet complete. */
  get line(): number {
    return this._line;
  }

  /** Set by `end` when the last line is torn: shown, but not kept, as the next read sees it again. */
  torn: Diagnostic | undefined;

  push(chunk: Uint8Array): void {
    const last = chunk.lastIndexOf(newline);
    if (last < 0) {
      this._carry = concat(this._carry, chunk);
      return;
    }
    const complete = this._carry.length ? concat(this._carry, chunk.subarray(0, last + 1)) : chunk.subarray(0, last + 1);
    // A copy: the reader may reuse its buffer for the next chunk (a Node Buffer's `slice` is a view, not a copy).
    this._carry = copyOf(chunk.subarray(last + 1));
    this._consumed += complete.length;
    const lines = this._decoder.decode(complete).split('\n');
    lines.pop(); // empty: the text ended with the newline
    for (const raw of lines) this._parse(raw, false);
  }

  /** The end of the stream: a last line without newline is parsed, or reported as torn. */
  end(): void {
    if (this._carry.length === 0) return;
    const raw = this._decoder.decode(this._carry);
    // Not consumed: the line may still be growing (another writer mid-write), so the next read
    // starts at it again; an event in it is applied once (LabelState ignores a known id).
    this.torn = this._parse(raw, true);
    this._line--;
  }

  private _parse(line: string, unterminated: boolean): Diagnostic | undefined {
    const n = this._line++;
    const raw = line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
    if (raw.length === 0 || (raw.charCodeAt(0) <= 32 && raw.trim() === '')) return undefined;
    const event = parseEvent(raw);
    if (event) {
      this._onEvent(event, n);
      return undefined;
    }
    // A torn fragment glued to the front of a whole event: keep the event.
    for (let at = raw.indexOf(eventStart, 1); at > 0; at = raw.indexOf(eventStart, at + 1)) {
      const tail = parseEvent(raw.slice(at));
      if (!tail) continue;
      this._warn(n, 'a torn fragment of an interrupted write precedes an event on this line; the fragment is ignored, the event kept');
      this._onEvent(tail, n);
      return undefined;
    }
    if (unterminated) return this._diagnostic(n, 'incomplete last line (an interrupted write); ignored, nothing before it is affected');
    this._warn(n, describeBadLine(raw));
    return undefined;
  }

  private _diagnostic(line: number, message: string): Diagnostic {
    return { file: this._file, line, column: 0, severity: 'warning', message };
  }

  private _warn(line: number, message: string): void {
    this.diagnostics.push(this._diagnostic(line, message));
  }
}

function parseEvent(raw: string): LabelEvent | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const fast = fastLabelEvent(json);
  if (fast) return fast;
  const parsed = labelEventSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

function describeBadLine(raw: string): string {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return 'not valid JSON; this label line is ignored';
  }
  const issue = labelEventSchema.safeParse(json).error?.issues[0];
  return `not a label event (${issue ? `${issue.path.join('.') || 'event'}: ${issue.message}` : 'invalid'}); ignored`;
}

/** New bytes, whatever `a` is a view of (`Uint8Array.prototype.slice` copies, but `Buffer#slice` does not). */
function copyOf(a: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  out.set(a);
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return copyOf(b);
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Parses a whole log held in memory (tests, small logs). */
export function parseLog(text: string, file: string): { events: LabelEvent[]; diagnostics: Diagnostic[] } {
  const events: LabelEvent[] = [];
  const parser = new LogParser(file, (e) => events.push(e), []);
  parser.push(new TextEncoder().encode(text));
  parser.end();
  return { events, diagnostics: parser.torn ? [...parser.diagnostics, parser.torn] : parser.diagnostics };
}

/**
 * The current labels: per slot, the latest add not retracted by a `remove`. Each slot keeps its
 * history, so undoing a change (a `remove` of the newer add) brings the earlier value back.
 * An event id is applied once: the same line read twice (a retried write that had landed, a
 * re-read tail) changes nothing, and a removed label never comes back from a duplicate line.
 */
export class LabelState {
  /** Every applied event id: an add while it is not removed, `null` for a remove or a removed add. */
  private readonly _byId = new Map<string, AddEvent | null>();
  /**
   * Per item, its slots' histories (oldest first; the last is current). An item has few slots, so
   * finding one by comparing fields beats building and hashing a key string per event.
   */
  private readonly _slotsByItem = new Map<string, AddEvent[][]>();

  constructor(events: Iterable<LabelEvent> = []) {
    for (const e of events) this.apply(e);
  }

  /** Applies one event; returns the item it changed, if any. */
  apply(e: LabelEvent): string | undefined {
    if (this._byId.has(e.id)) return undefined;
    if (e.op === 'remove') {
      this._byId.set(e.id, null);
      const target = this._byId.get(e.target);
      if (!target) return undefined;
      this._byId.set(e.target, null);
      const slots = this._slotsByItem.get(target.item);
      const k = slots ? findSlot(slots, target) : -1;
      if (!slots || k < 0) return target.item;
      const stack = slots[k]!;
      const at = stack.lastIndexOf(target);
      if (at >= 0) stack.splice(at, 1);
      if (stack.length === 0) slots.splice(k, 1);
      if (slots.length === 0) this._slotsByItem.delete(target.item);
      return target.item;
    }
    this._byId.set(e.id, e);
    const slots = this._slotsByItem.get(e.item);
    if (!slots) {
      this._slotsByItem.set(e.item, [[e]]);
      return e.item;
    }
    const k = findSlot(slots, e);
    if (k >= 0) slots[k]!.push(e);
    else slots.push([e]);
    return e.item;
  }

  /** True once an event with this id (add or remove) has been applied. */
  has(id: string): boolean {
    return this._byId.has(id);
  }

  /** Current labels of one item. */
  forItem(item: string): AddEvent[] {
    const slots = this._slotsByItem.get(item);
    return slots ? slots.map((stack) => stack[stack.length - 1]!) : [];
  }

  /** Ids of the items that have at least one current label. */
  labeledItems(): string[] {
    return [...this._slotsByItem.keys()];
  }

  /** A known add event by id (current or superseded), until it is removed. */
  get(id: string): AddEvent | undefined {
    return this._byId.get(id) ?? undefined;
  }

  /** True when the event is a current label (added, not retracted, not superseded). */
  isCurrent(id: string): boolean {
    const e = this._byId.get(id);
    if (!e) return false;
    const slots = this._slotsByItem.get(e.item);
    const k = slots ? findSlot(slots, e) : -1;
    return k >= 0 && slots![k]![slots![k]!.length - 1] === e;
  }
}

/** The slot of `e` among an item's slots (what `labelSlot` says, without building the key), or -1. */
function findSlot(slots: readonly AddEvent[][], e: AddEvent): number {
  for (let k = 0; k < slots.length; k++) if (sameSlot(slots[k]![0]!, e)) return k;
  return -1;
}

/** Whether two adds of the same item occupy one slot: `labelSlot(a) === labelSlot(b)`, faster. */
export function sameSlot(a: AddEvent, b: AddEvent): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'verdict':
      return b.kind === 'verdict' && a.side === b.side && a.trait === b.trait;
    case 'preference':
      return b.kind === 'preference' && a.trait === b.trait;
    case 'note':
      return true;
    case 'rubric':
      return b.kind === 'rubric' && a.side === b.side && a.criterion === b.criterion;
    case 'flag':
      return b.kind === 'flag' && a.side === b.side && a.flag === b.flag;
    case 'span':
      return b.kind === 'span' && a.start === b.start && a.end === b.end && a.message === b.message && a.side === b.side && a.field === b.field && a.trait === b.trait;
  }
}
