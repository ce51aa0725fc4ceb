import { LabelState } from './labelLog';
import { LogTail } from './logTail';
import { annotatorFileName } from './labelPaths';
import { isOwnLog, LogOwner } from './logOwner';
import type { AddEvent, LabelEvent } from './labelEvent';
import type { LabelFolder } from './labelSink';
import type { Diagnostic } from '../diagnostic';

/** One log file of the folder, followed by its tail; its events folded per annotator. */
interface FollowedLog {
  tail: LogTail;
  owner: LogOwner;
  /** Each annotator's labels from this file; an older-named log's (see `LogOwner`) applied after each read. */
  states: Map<string, LabelState>;
}

/**
 * Every other annotator's labels in a labels folder, read-only (hidden in the UI by default).
 * Each log folds only its owner's events (`LogOwner`); an appended log
 * is read from where it was left, a rewritten one again from the start.
 */
export class OtherLabels {
  private readonly _logs = new Map<string, FollowedLog>();
  /** The folder's log names at the last listing (NFC). */
  private _present = new Set<string>();

  constructor(
    private readonly _folder: LabelFolder,
    private readonly _me: string,
  ) {}

  /** Reads what changed; true when any other annotator's labels did. */
  async load(): Promise<boolean> {
    const listed = (await this._folder.list()).map((e) => e.name);
    this._present = new Set(listed.map((n) => n.normalize('NFC')));
    const hasOwnLog = (annotator: string) => this._present.has(annotatorFileName(annotator).normalize('NFC'));
    const names = listed.filter((n) => !isOwnLog(n, this._me));
    let changed = false;
    for (const gone of [...this._logs.keys()].filter((n) => !names.includes(n))) {
      this._logs.delete(gone);
      changed = true;
    }
    for (const name of names) {
      let log = this._logs.get(name);
      if (!log) {
        const tail = new LogTail(this._folder.log(name));
        this._logs.set(name, (log = { tail, owner: new LogOwner(name, tail.sink.path, hasOwnLog), states: new Map() }));
      }
      const followed = log;
      const apply = (e: LabelEvent) => {
        let state = followed.states.get(e.annotator);
        if (!state) followed.states.set(e.annotator, (state = new LabelState()));
        state.apply(e);
      };
      const take = (e: LabelEvent, line: number) => {
        if (followed.owner.take(e, line) === 'own') apply(e);
      };
      const reset = () => {
        followed.states = new Map();
        followed.owner = new LogOwner(name, followed.tail.sink.path, hasOwnLog);
      };
      if ((await followed.tail.read(take, reset)) !== 'unchanged') {
        changed = true;
        // An older-named log is folded whole after each read: its owner is known only then.
        const held = followed.owner.settle();
        for (const [annotator] of followed.states) if (!isOwnLog(name, annotator)) followed.states.delete(annotator);
        // Mine, from a log named the way older versions named mine: the writer reads them.
        for (const e of held) if (e.annotator !== this._me) apply(e);
      }
    }
    return changed;
  }

  /** Each other annotator's current labels on the item. */
  byAnnotator(item: string): { annotator: string; labels: AddEvent[] }[] {
    return [...this._logs.values()].flatMap((l) => [...l.states].map(([annotator, s]) => ({ annotator, labels: s.forItem(item) })));
  }

  forItem(item: string): AddEvent[] {
    return [...this._logs.values()].flatMap((l) => [...l.states.values()].flatMap((s) => s.forItem(item)));
  }

  /** The exact names of the annotators whose labels were read. */
  get annotators(): string[] {
    return [...new Set([...this._logs.values()].flatMap((l) => [...l.states.keys()]))].sort();
  }

  get diagnostics(): Diagnostic[] {
    return [...this._logs.values()].flatMap((l) => [...l.tail.diagnostics, ...l.owner.warnings]);
  }
}
