/** Label logs as text: serializing an event to its line, the streaming parser, and the fold (`LabelState`) into current labels. */
import { labelEventSchema, labelSlot, type AddEvent, type LabelEvent } from './labelEvent';
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
 * The longest label line read. An event is a few hundred bytes (a note is at most 10,000
 * characters); a longer line is a warning and its bytes are skipped, not held.
 */
export const maxLabelLineBytes = 16 << 20;

const overlongMessage = (bytes: number) => `the line is ${bytes.toLocaleString('en-US')} bytes, longer than a label event can be (${(maxLabelLineBytes >> 20).toString()} MB); ignored`;

/**
 * Parses a label log as it streams in, a chunk of bytes at a time, never holding it as one
 * string (a log may be larger than V8's string limit). Blank lines are skipped. A line that is
 * not an event is a warning; if a whole event follows a torn fragment on the same line (a writer
 * killed mid-line, then ours appended), the event is kept. A last line without its newline that
 * does not parse is a torn write: ignored, and read again by the next `LogTail` read.
 */
export class LogParser {
  /** The start of an unfinished line, as the chunks it came in (joined once, when the line ends). */
  private _carry: Uint8Array[] = [];
  private _carryBytes = 0;
  /** The unfinished line is past `maxLabelLineBytes`: its bytes are counted, not kept. */
  private _overlong = false;
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
      this._hold(chunk);
      return;
    }
    let from = 0;
    if (this._overlong) {
      // The end of a line too long to keep: warned about and skipped, never parsed.
      from = chunk.indexOf(newline) + 1;
      this._consumed += this._carryBytes + from;
      this._warn(this._line++, overlongMessage(this._carryBytes + from - 1));
      this._dropCarry();
      if (from > last) {
        this._hold(chunk.subarray(last + 1));
        return;
      }
    }
    const complete = this._carry.length ? concat([...this._carry, chunk.subarray(0, last + 1)]) : chunk.subarray(from, last + 1);
    this._dropCarry();
    // A copy: the reader may reuse its buffer for the next chunk (a Node Buffer's `slice` is a view, not a copy).
    this._hold(chunk.subarray(last + 1));
    this._consumed += complete.length;
    const lines = this._decoder.decode(complete).split('\n');
    lines.pop(); // empty: the text ended with the newline
    for (const raw of lines) this._parse(raw, false);
  }

  /** The end of the stream: a last line without newline is parsed, or reported as torn. */
  end(): void {
    if (this._carryBytes === 0) return;
    // Not consumed: the line may still be growing (another writer mid-write), so the next read
    // starts at it again; an event in it is applied once (LabelState ignores a known id).
    this.torn = this._overlong ? this._diagnostic(this._line, `incomplete last line (an interrupted write), ${overlongMessage(this._carryBytes)}`) : this._parse(this._decoder.decode(concat(this._carry)), true);
    if (!this._overlong) this._line--;
  }

  /** Keeps the start of an unfinished line (a copy), or only counts it once it is past the cap. */
  private _hold(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this._carryBytes += bytes.length;
    if (this._overlong) return;
    if (this._carryBytes > maxLabelLineBytes) {
      this._overlong = true;
      this._carry = [];
      return;
    }
    this._carry.push(copyOf(bytes));
  }

  private _dropCarry(): void {
    this._carry = [];
    this._carryBytes = 0;
    this._overlong = false;
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

/** The parts joined into new bytes, in one copy. */
function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
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
 * Every event costs amortised constant time, however many slots an item has or however long a
 * slot's history is (20k spans on one item folded in quadratic time before).
 */
export class LabelState {
  /** Every applied event id: an add while it is not removed, `null` for a remove or a removed add. */
  private readonly _byId = new Map<string, AddEvent | null>();
  private readonly _slotsByItem = new Map<string, ItemSlots>();

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
      if (slots?.remove(target, (a) => this._byId.get(a.id) !== a) && slots.size === 0) this._slotsByItem.delete(target.item);
      return target.item;
    }
    this._byId.set(e.id, e);
    let slots = this._slotsByItem.get(e.item);
    if (!slots) this._slotsByItem.set(e.item, (slots = new ItemSlots()));
    slots.add(e);
    return e.item;
  }

  /** True once an event with this id (add or remove) has been applied. */
  has(id: string): boolean {
    return this._byId.has(id);
  }

  /** Current labels of one item. */
  forItem(item: string): AddEvent[] {
    return this._slotsByItem.get(item)?.current() ?? [];
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
    return !!e && this._slotsByItem.get(e.item)?.top(e) === e;
  }
}

/** Slots an item may have before they are found by key rather than by comparing each. */
const linearSlots = 16;

/**
 * One item's slots, in the order they were first labeled. Each slot is a history (oldest first,
 * the last is current); a removed add that is not the current one stays in its history, dead,
 * until it reaches the top, so a removal never searches the history. Past `linearSlots` slots a
 * map by `labelSlot` key finds them; emptied slots are dropped when they are half the list.
 */
class ItemSlots {
  private _list: AddEvent[][] = [];
  private _byKey: Map<string, AddEvent[]> | undefined;
  private _empty = 0;

  get size(): number {
    return this._list.length - this._empty;
  }

  private _find(e: AddEvent): AddEvent[] | undefined {
    if (this._byKey) return this._byKey.get(labelSlot(e));
    for (const stack of this._list) if (stack.length && sameSlot(stack[0]!, e)) return stack;
    return undefined;
  }

  add(e: AddEvent): void {
    const stack = this._find(e);
    if (stack) {
      stack.push(e);
      return;
    }
    const fresh = [e];
    this._list.push(fresh);
    if (this._byKey) this._byKey.set(labelSlot(e), fresh);
    else if (this._list.length > linearSlots) this._byKey = new Map(this._list.filter((s) => s.length).map((s) => [labelSlot(s[0]!), s]));
  }

  /** Retracts `target`; `dead` tells removed adds. Returns whether the item changed. */
  remove(target: AddEvent, dead: (e: AddEvent) => boolean): boolean {
    const stack = this._find(target);
    if (!stack || stack[stack.length - 1] !== target) return true;
    stack.pop();
    while (stack.length && dead(stack[stack.length - 1]!)) stack.pop();
    if (stack.length) return true;
    this._byKey?.delete(labelSlot(target));
    if (++this._empty * 2 > this._list.length) {
      this._list = this._list.filter((s) => s.length);
      this._empty = 0;
    }
    return true;
  }

  top(e: AddEvent): AddEvent | undefined {
    const stack = this._find(e);
    return stack?.[stack.length - 1];
  }

  current(): AddEvent[] {
    const out: AddEvent[] = [];
    for (const stack of this._list) if (stack.length) out.push(stack[stack.length - 1]!);
    return out;
  }
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
    case 'step_verdict':
      return b.kind === 'step_verdict' && a.message === b.message && a.side === b.side && a.in === b.in && a.call === b.call && a.trait === b.trait;
    case 'step_flag':
      return b.kind === 'step_flag' && a.message === b.message && a.side === b.side && a.in === b.in && a.call === b.call && a.flag === b.flag;
    case 'span':
      return b.kind === 'span' && a.start === b.start && a.end === b.end && a.message === b.message && a.side === b.side && a.in === b.in && a.field === b.field && a.trait === b.trait && (a.field !== 'arguments' || a.toolCallId === b.toolCallId);
  }
}
