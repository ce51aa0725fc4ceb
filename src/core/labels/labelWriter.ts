import { LabelState, sameSlot } from './labelLog';
import { LogTail } from './logTail';
import { newEventId } from './ids';
import { isLabeled } from './isLabeled';
import { toDraft } from './labelDraft';
import type { AddDraft, AddEvent, LabelEvent, RemoveEvent } from './labelEvent';
import type { Diagnostic } from '../diagnostic';
import type { LabelSink } from './labelSink';
import { LogOwner } from './logOwner';

/**
 * A change a person asks for. Each becomes at most one event, whose id is fixed when it is made.
 * `replace` edits one of my current labels: the draft must occupy the target's slot, so the fold
 * makes it current in the target's place (and undo brings the target back).
 */
export type LabelChange = { op: 'add'; draft: AddDraft } | { op: 'replace'; target: string; draft: AddDraft } | { op: 'remove'; target: string } | { op: 'undo' } | { op: 'redo' };

/** What a change did, once it is on disk. */
export interface ChangeResult {
  /** The event written; none when an undo or redo had nothing to do. */
  event?: AddEvent | RemoveEvent;
  /** The item whose labels changed. */
  item?: string;
  /** For undo and redo: the label the event added or took away. */
  label?: AddEvent;
}

/** A change the writer refused before writing anything (a bad draft, someone else's label). */
export class LabelRejected extends Error {
  override name = 'LabelRejected';
}

/** Where the writer stands: every change stored (`saved`), writing, or retrying a failed write. */
export interface WriteStatus {
  state: 'saved' | 'saving' | 'retrying';
  /** Changes not yet on disk. */
  pending: number;
  /** The last write error, while retrying. */
  message?: string;
}

/** Labels changed: by one of my writes, or on disk from elsewhere (`items` undefined: reloaded). */
export interface LabelsChanged {
  items?: ReadonlySet<string>;
  cause: 'write' | 'outside';
  /** For a write: the change submitted (so whoever asked for it can tell its own write). */
  change?: LabelChange;
}

export interface WriterOptions {
  /** Checks a draft against the item it names; a message rejects it before anything is written. */
  check?: (draft: AddDraft) => Promise<string | undefined> | string | undefined;
  /** Why writing is not allowed now (Restricted Mode), or undefined. */
  readOnly?: () => string | undefined;
  /** Waits between write attempts; the n-th retry waits `retryDelaysMs[min(n, last)]`. */
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /**
   * Logs read-only alongside mine: an older file name of mine (see `legacyFileName`), read only
   * while I have no log of my own, and only when it is nobody else's (`LogOwner`). My first write
   * copies its labels of mine into my own log first, so none is lost once it is no longer read.
   */
  legacy?: readonly LabelSink[];
  /** The guideline version stamped on each new label (`guidelineDigest`), if known. */
  guidelines?: () => string | undefined;
}

/** One undoable change: I added `current`, or I removed it; `current` follows re-added copies. */
type Step = { kind: 'added' | 'removed'; current: AddEvent };
type Listener<T> = (e: T) => void;

/**
 * The one writer of my labels on one dataset: every change (add, remove, undo, redo, commands)
 * goes through `submit`. Changes run one at a time in order; each becomes one event with a fixed
 * id; a failed write is retried with that same event (after checking it did not land), never
 * overlapping, and later changes wait behind it. `submit` resolves only once the event is on
 * disk, and the state is always what the log holds, in the log's order: after a write, the new
 * tail of the log is read back (someone else's append in between included).
 */
export class LabelWriter {
  private _state = new LabelState();
  private readonly _tail: LogTail;
  private readonly _legacy: LogTail[];
  private _labeled = new Set<string>();
  private readonly _undo: Step[] = [];
  private readonly _redo: Step[] = [];
  private _queue: Promise<unknown> = Promise.resolve();
  private _reading: Promise<unknown> = Promise.resolve();
  private _pending = 0;
  private _status: WriteStatus = { state: 'saved', pending: 0 };
  private _disposed = false;
  private readonly _changeListeners = new Set<Listener<LabelsChanged>>();
  private readonly _statusListeners = new Set<Listener<WriteStatus>>();
  private _foreign: Diagnostic[] = [];
  /** My labels read from an older-named log, to copy into mine before its first event. */
  private _carried: LabelEvent[] = [];

  constructor(
    readonly sink: LabelSink,
    readonly annotator: string,
    private readonly _options: WriterOptions = {},
  ) {
    this._tail = new LogTail(sink);
    this._legacy = (_options.legacy ?? []).map((s) => new LogTail(s));
  }

  get state(): LabelState {
    return this._state;
  }

  get status(): WriteStatus {
    return this._status;
  }

  /** Problems in my log: ignored lines, a torn last line, events of other annotators. */
  get diagnostics(): Diagnostic[] {
    return [...this._legacy.flatMap((t) => t.diagnostics), ...this._tail.diagnostics, ...this._foreign];
  }

  /** Items I have labeled (see `isLabeled`), kept per event: the status bar reads it per keypress. */
  labeledCount(): number {
    return this._labeled.size;
  }

  isLabeled(item: string): boolean {
    return this._labeled.has(item);
  }

  onDidChange(listener: Listener<LabelsChanged>): () => void {
    this._changeListeners.add(listener);
    return () => this._changeListeners.delete(listener);
  }

  onDidChangeStatus(listener: Listener<WriteStatus>): () => void {
    this._statusListeners.add(listener);
    return () => this._statusListeners.delete(listener);
  }

  /** Reads my log (and older-named logs of mine) from the start. */
  async load(): Promise<void> {
    await this._read(true);
  }

  /** Looks for changes made elsewhere (another window, git pull); true when the labels changed. */
  async refresh(): Promise<boolean> {
    const changed = await this._read(false);
    if (changed.size > 0 || changed === everything) this._emit({ items: changed === everything ? undefined : changed, cause: 'outside' });
    return changed.size > 0 || changed === everything;
  }

  /**
   * Queues a change; resolves once its event is on disk, rejects with `LabelRejected` when it is
   * refused (nothing written). Never rejects for a failed write: that is retried until it lands.
   */
  submit(change: LabelChange): Promise<ChangeResult> {
    this._setPending(+1);
    const run = this._queue.then(() => this._run(change));
    this._queue = run.catch(() => undefined);
    return run.finally(() => this._setPending(-1));
  }

  /**
   * Stops once every queued change is on disk: a change acknowledged to nobody yet is still the
   * person's label, so closing the editor does not drop it (it keeps being retried while the
   * extension host runs). Resolves to how many were pending when it was asked.
   */
  disposeWhenSaved(): number {
    const pending = this._pending;
    if (pending === 0) this.dispose();
    else void this._queue.then(() => this.dispose());
    return pending;
  }

  /** Stops retrying; queued changes are rejected. */
  dispose(): void {
    this._disposed = true;
    this._changeListeners.clear();
    this._statusListeners.clear();
  }

  private async _run(change: LabelChange): Promise<ChangeResult> {
    if (this._disposed) throw new LabelRejected('the review editor was closed; the label was not written');
    const readOnly = this._options.readOnly?.();
    if (readOnly) throw new LabelRejected(readOnly);
    switch (change.op) {
      case 'add': {
        const problem = await this._options.check?.(change.draft);
        if (problem) throw new LabelRejected(problem);
        const event = this._makeAdd(change.draft);
        await this._write(event, change);
        this._pushStep('added', event);
        return { event, item: event.item };
      }
      case 'replace': {
        const target = this._state.isCurrent(change.target) ? this._state.get(change.target) : undefined;
        if (!target) throw new LabelRejected(`no current label of ${this.annotator} has id ${change.target}; nothing was replaced`);
        const event = this._makeAdd(change.draft);
        if (target.item !== event.item || !sameSlot(target, event)) throw new LabelRejected(`a ${change.draft.kind} label on item "${change.draft.item}" cannot replace ${target.kind} label ${target.id}: a replacement keeps the item, the kind and (for a span) the range and trait`);
        const problem = await this._options.check?.(change.draft);
        if (problem) throw new LabelRejected(problem);
        await this._write(event, change);
        this._pushStep('added', event);
        return { event, item: event.item };
      }
      case 'remove': {
        const target = this._state.get(change.target);
        if (!target) throw new LabelRejected(`no label of ${this.annotator} has id ${change.target}; nothing was removed`);
        const event = this._makeRemove(target.id);
        await this._write(event, change);
        this._pushStep('removed', target);
        return { event, item: target.item };
      }
      case 'undo':
      case 'redo':
        return this._replay(change);
    }
  }

  /**
   * Runs the top undo (redo) step and moves it to the other stack. Undo of an add removes it;
   * undo of a delete re-adds a copy, and the step then follows that copy, so undo/redo chains
   * keep working after several rounds. A step made moot elsewhere (its label already removed or
   * back, from another window) is skipped.
   */
  private async _replay(change: { op: 'undo' | 'redo' }): Promise<ChangeResult> {
    const which = change.op;
    const from = which === 'undo' ? this._undo : this._redo;
    const to = which === 'undo' ? this._redo : this._undo;
    for (let step = from.pop(); step; step = from.pop()) {
      const label = step.current;
      const removing = (step.kind === 'added') === (which === 'undo');
      const present = this._state.get(label.id) !== undefined;
      if (removing !== present) continue;
      if (removing) {
        const event = this._makeRemove(label.id);
        await this._write(event, change);
        to.push(step);
        return { event, item: label.item, label };
      }
      const draft = toDraft(label);
      const problem = await this._options.check?.(draft);
      if (problem) {
        from.push(step); // refused, nothing written: the step stays where it was
        throw new LabelRejected(problem);
      }
      const event = this._makeAdd(draft);
      await this._write(event, change);
      step.current = event;
      to.push(step);
      return { event, item: event.item, label: event };
    }
    return {};
  }

  private _pushStep(kind: Step['kind'], current: AddEvent): void {
    this._undo.push({ kind, current });
    this._redo.length = 0;
  }

  private _makeAdd(draft: AddDraft): AddEvent {
    const at = this._options.now?.() ?? Date.now();
    const guidelines = this._options.guidelines?.();
    return { ...draft, v: 1, op: 'add', id: newEventId(at), at: new Date(at).toISOString(), annotator: this.annotator, ...(guidelines !== undefined && { guidelines }) } as AddEvent;
  }

  private _makeRemove(target: string): RemoveEvent {
    const at = this._options.now?.() ?? Date.now();
    return { v: 1, op: 'remove', id: newEventId(at), at: new Date(at).toISOString(), annotator: this.annotator, target };
  }

  /**
   * Writes one event until it is on disk; each retry first checks whether the last attempt
   * landed. Landed is not stored: a line readable after a failed fsync may sit in the page cache
   * only, so it counts as saved once a sync of the log succeeds.
   */
  private async _write(event: LabelEvent, change: LabelChange): Promise<void> {
    const delays = this._options.retryDelaysMs ?? [250, 500, 1000, 2000];
    const sleep = this._options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
    for (let attempt = 0; ; attempt++) {
      try {
        if (attempt > 0) {
          await sleep(delays[Math.min(attempt - 1, delays.length - 1)]!);
          if (this._disposed) throw new LabelRejected('the review editor was closed before the label could be written');
          // A write that threw after its bytes landed must not land twice; it still has to reach the disk.
          if (await this._landed(event)) {
            await this.sink.sync();
            break;
          }
        }
        await this._carryOver();
        await this.sink.append(event);
        break;
      } catch (err) {
        if (err instanceof LabelRejected) throw err;
        this._setStatus({ state: 'retrying', pending: this._pending, message: err instanceof Error ? err.message : String(err) });
      }
    }
    const changed = await this._read(false).catch(() => new Set<string>());
    // The read-back normally applies it; if that read failed, the event is on disk all the same.
    if (!this._state.has(event.id)) {
      const item = this._state.apply(event);
      if (item !== undefined) {
        this._recount(item);
        if (changed !== everything) changed.add(item);
      }
    }
    this._setStatus({ state: this._pending > 1 ? 'saving' : 'saved', pending: this._pending - 1 });
    this._emit({ items: changed === everything ? undefined : changed, cause: 'write', change });
  }

  /** Before my log's first event: my labels from an older-named log, ids kept, so they stay mine once that log is no longer read. */
  private async _carryOver(): Promise<void> {
    // One at a time, dropped once stored: a failure part-way resumes where it stopped.
    while (this._carried.length > 0) {
      await this.sink.append(this._carried[0]!);
      this._carried.shift();
    }
  }

  private async _landed(event: LabelEvent): Promise<boolean> {
    try {
      await this._read(false);
    } catch {
      return false;
    }
    return this._state.has(event.id);
  }

  /**
   * Reads what is new in my log (all of it when `fromStart`, or when it was rewritten) and folds
   * my events into the state, in file order. Returns the items that changed, or `everything`.
   */
  private _read(fromStart: boolean): Promise<Set<string>> {
    const run = this._reading.then(async () => {
      const changed = new Set<string>();
      let reset = false;
      // After a reset every item is recounted: no need to collect which changed.
      let collect: Set<string> | undefined = changed;
      const onReset = () => {
        reset = true;
        collect = undefined;
        this._state = new LabelState();
        this._foreign = [];
      };
      const result = await this._tail.read((e, line) => this._take(e, line, this.sink.path, collect), onReset, fromStart);
      if (reset && this._legacy.length > 0) {
        // Older-named logs of mine (never written any more) come first in the fold, while I have no log of my own.
        this._state = new LabelState();
        this._foreign = [];
        this._carried = [];
        if ((await this.sink.stat()).size === 0) {
          for (const t of this._legacy) {
            const owner = new LogOwner(fileNameOf(t.sink.path), t.sink.path, (a) => a !== this.annotator);
            await t.read((e, line) => void owner.take(e, line), () => undefined, true);
            for (const e of owner.settle()) this._carried.push(e);
          }
          for (const e of this._carried) this._state.apply(e);
        }
        await this._tail.read((e, line) => this._take(e, line, this.sink.path, undefined), () => undefined, true);
      }
      if (reset || result === 'reloaded') {
        this._labeled = new Set(this._state.labeledItems().filter((item) => isLabeled(this._state.forItem(item))));
        return everything;
      }
      for (const item of changed) this._recount(item);
      return changed;
    });
    this._reading = run.catch(() => undefined);
    return run;
  }

  /** Folds one event of my log; someone else's event there is a warning and never mine. */
  private _take(e: LabelEvent, line: number, file: string, changed: Set<string> | undefined): void {
    if (e.annotator !== this.annotator) {
      this._foreign.push({ file, line, column: 0, severity: 'warning', message: `an event of annotator "${e.annotator}" in the log of "${this.annotator}"; it is not part of these labels` });
      return;
    }
    const item = this._state.apply(e);
    if (item !== undefined) changed?.add(item);
  }

  private _recount(item: string): void {
    if (isLabeled(this._state.forItem(item))) this._labeled.add(item);
    else this._labeled.delete(item);
  }

  private _setPending(delta: number): void {
    this._pending += delta;
    if (delta > 0 && this._status.state === 'saved') this._setStatus({ state: 'saving', pending: this._pending });
    else if (this._pending === 0 && this._status.state !== 'saved') this._setStatus({ state: 'saved', pending: 0 });
  }

  private _setStatus(status: WriteStatus): void {
    this._status = status;
    for (const l of this._statusListeners) l(status);
  }

  private _emit(e: LabelsChanged): void {
    for (const l of this._changeListeners) l(e);
  }
}

/** The last segment of a path or URI: the log's file name. */
function fileNameOf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** `_read`'s answer when the whole state was rebuilt. */
const everything: Set<string> = new Set<string>();
