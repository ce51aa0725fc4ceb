import { labelEventSchema, labelSlot, type AddEvent, type LabelEvent } from './labelEvent';
import type { Diagnostic } from './diagnostic';

export interface ParsedLog {
  events: LabelEvent[];
  diagnostics: Diagnostic[];
  /** True when the text does not end with a newline: the next append must start a new line. */
  needsNewline: boolean;
}

/** One event as one log line, newline included: a single write puts it on disk whole. */
export function serializeEvent(event: LabelEvent): string {
  return JSON.stringify(event) + '\n';
}

/**
 * Reads an append-only label log. A last line without its newline that does not parse is a
 * torn write from a crash: ignored with a warning, everything before it kept.
 */
export function parseLog(text: string, file: string): ParsedLog {
  const events: LabelEvent[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split('\n');
  const endsWithNewline = text.length === 0 || text.endsWith('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const isLast = i === lines.length - 1;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      diagnostics.push({
        file,
        line: i + 1,
        column: 0,
        severity: 'warning',
        message: isLast && !endsWithNewline
          ? 'incomplete last line (an interrupted write); ignored, nothing before it is affected'
          : 'not valid JSON; this label line is ignored',
      });
      continue;
    }
    const parsed = labelEventSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      diagnostics.push({
        file,
        line: i + 1,
        column: 0,
        severity: 'warning',
        message: `not a label event (${issue ? `${issue.path.join('.') || 'event'}: ${issue.message}` : 'invalid'}); ignored`,
      });
      continue;
    }
    events.push(parsed.data);
  }
  return { events, diagnostics, needsNewline: !endsWithNewline };
}

/**
 * The current labels: per slot, the latest add not retracted by a `remove`. Each slot keeps its
 * history, so undoing a change (a `remove` of the newer add) brings the earlier value back.
 */
export class LabelState {
  private readonly _byId = new Map<string, AddEvent>();
  private readonly _slotsByItem = new Map<string, Map<string, AddEvent[]>>();

  constructor(events: Iterable<LabelEvent> = []) {
    for (const e of events) this.apply(e);
  }

  apply(e: LabelEvent): void {
    if (e.op === 'remove') {
      const target = this._byId.get(e.target);
      if (!target) return;
      this._byId.delete(e.target);
      const slots = this._slotsByItem.get(target.item);
      const slot = labelSlot(target);
      const stack = slots?.get(slot);
      if (!slots || !stack) return;
      const at = stack.indexOf(target);
      if (at >= 0) stack.splice(at, 1);
      if (stack.length === 0) slots.delete(slot);
      return;
    }
    if (this._byId.has(e.id)) return; // the same event read twice (e.g. a re-read log)
    this._byId.set(e.id, e);
    let slots = this._slotsByItem.get(e.item);
    if (!slots) this._slotsByItem.set(e.item, (slots = new Map()));
    const slot = labelSlot(e);
    const stack = slots.get(slot);
    if (stack) stack.push(e);
    else slots.set(slot, [e]);
  }

  /** Current labels of one item. */
  forItem(item: string): AddEvent[] {
    const slots = this._slotsByItem.get(item);
    if (!slots) return [];
    const out: AddEvent[] = [];
    for (const stack of slots.values()) {
      const top = stack[stack.length - 1];
      if (top) out.push(top);
    }
    return out;
  }

  /** Ids of the items that have at least one current label. */
  labeledItems(): string[] {
    return [...this._slotsByItem.entries()].filter(([, s]) => s.size > 0).map(([id]) => id);
  }

  /** A known add event by id (current or superseded), until it is removed. */
  get(id: string): AddEvent | undefined {
    return this._byId.get(id);
  }

  /** True when the event is a current label (added, not retracted, not superseded). */
  isCurrent(id: string): boolean {
    const e = this._byId.get(id);
    if (!e) return false;
    const stack = this._slotsByItem.get(e.item)?.get(labelSlot(e));
    return stack?.[stack.length - 1] === e;
  }
}
