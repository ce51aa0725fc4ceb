import { LabelState } from './labelLog';
import { newEventId } from './ids';
import { isLabeled } from './progress';
import { toDraft } from './labelDraft';
import type { AddDraft, AddEvent, LabelEvent, RemoveEvent } from './labelEvent';
import type { Diagnostic } from './diagnostic';
import type { LabelSink } from './labelSink';

type Step = { item: string; undo: () => Promise<AddEvent | RemoveEvent>; redo: () => Promise<AddEvent | RemoveEvent> };

/** What an undo or redo wrote, and the item it changed. */
export interface UndoResult {
  event: AddEvent | RemoveEvent;
  item: string;
}

/**
 * My labels on one dataset: the folded state of my log, and the only way to change it.
 * `add` / `remove` / `undo` / `redo` resolve once the sink has stored the event (fsync'd on the
 * desktop); callers show "saved" only then. A failed write rejects; the caller keeps the event
 * and calls `retry`.
 */
export class LabelStore {
  private _state = new LabelState();
  private _knownSize = -1;
  /** Ids of the items I have labeled, kept up to date per event: the status bar reads it per keypress. */
  private _labeled = new Set<string>();
  private readonly _undo: Step[] = [];
  private readonly _redo: Step[] = [];
  diagnostics: Diagnostic[] = [];

  /** `sink` is my log in the labels folder (`labelsDirFor` of the dataset or manifest). */
  constructor(
    readonly sink: LabelSink,
    readonly annotator: string,
  ) {}

  /** Re-reads the log (at open, and when it changes underneath). */
  async load(): Promise<void> {
    const parsed = await this.sink.read();
    this._state = new LabelState(parsed.events);
    this._labeled = new Set(this._state.labeledItems().filter((item) => isLabeled(this._state.forItem(item))));
    this.diagnostics = parsed.diagnostics;
    this._knownSize = await this.sink.size();
  }

  /** True when the stored log is not what we last read or wrote (another window, git pull). */
  async changedOnDisk(): Promise<boolean> {
    return (await this.sink.size()) !== this._knownSize;
  }

  get state(): LabelState {
    return this._state;
  }

  /** Items I have labeled (see `isLabeled`). */
  labeledCount(): number {
    return this._labeled.size;
  }

  async add(draft: AddDraft): Promise<AddEvent> {
    const event = await this._add(draft);
    this._pushUndo(event);
    return event;
  }

  async remove(target: string): Promise<RemoveEvent> {
    const removed = this._state.get(target);
    const event = await this._remove(target);
    if (removed) this._pushUndo(undefined, removed);
    return event;
  }

  /** Retracts my last change; resolves to the event written, or undefined when there is nothing to undo. */
  undo(): Promise<UndoResult | undefined> {
    return this._replay(this._undo, this._redo, 'undo');
  }

  redo(): Promise<UndoResult | undefined> {
    return this._replay(this._redo, this._undo, 'redo');
  }

  /** Runs the top step of one stack and moves it to the other; a failed write leaves it where it was. */
  private async _replay(from: Step[], to: Step[], run: 'undo' | 'redo'): Promise<UndoResult | undefined> {
    const step = from.pop();
    if (!step) return undefined;
    try {
      const event = await step[run]();
      to.push(step);
      return { event, item: step.item };
    } catch (err) {
      from.push(step);
      throw err;
    }
  }

  /** Writes an event that failed before; the same id, so a write that did land is not doubled. */
  async retry(event: LabelEvent): Promise<void> {
    await this._commit(event);
  }

  private _pushUndo(added?: AddEvent, removed?: AddEvent): void {
    this._redo.length = 0;
    // Undo of an add removes it; undo of a delete re-adds a copy. Each step re-targets the
    // newest copy, so undo/redo chains keep working after several rounds.
    let current = added ?? removed!;
    const readd = async () => (current = await this._add(toDraft(current)));
    const drop = () => this._remove(current.id);
    this._undo.push(added ? { item: current.item, undo: drop, redo: readd } : { item: current.item, undo: readd, redo: drop });
  }

  private async _add(draft: AddDraft): Promise<AddEvent> {
    const event = { ...draft, v: 1, op: 'add', id: newEventId(), at: new Date().toISOString(), annotator: this.annotator } as AddEvent;
    await this._commit(event);
    return event;
  }

  private async _remove(target: string): Promise<RemoveEvent> {
    const event: RemoveEvent = { v: 1, op: 'remove', id: newEventId(), at: new Date().toISOString(), annotator: this.annotator, target };
    await this._commit(event);
    return event;
  }

  private async _commit(event: LabelEvent): Promise<void> {
    this._knownSize = await this.sink.append(event);
    // The item a remove touches is known only before it applies.
    const item = event.op === 'add' ? event.item : this._state.get(event.target)?.item;
    this._state.apply(event);
    if (item === undefined) return;
    if (isLabeled(this._state.forItem(item))) this._labeled.add(item);
    else this._labeled.delete(item);
  }
}
