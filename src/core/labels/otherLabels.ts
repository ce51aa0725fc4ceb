import { LabelState } from './labelLog';
import { LogTail } from './logTail';
import { belongsIn, isLogOf } from './labelPaths';
import type { AddEvent } from './labelEvent';
import type { LabelFolder } from './labelSink';
import type { Diagnostic } from '../diagnostic';

/** One log file of the folder, followed by its tail; its events folded per annotator. */
interface FollowedLog {
  tail: LogTail;
  states: Map<string, LabelState>;
  foreign: Diagnostic[];
}

/**
 * Every other annotator's labels in a labels folder, read-only (hidden in the UI by default).
 * Each log folds only the events of the annotators it belongs to (`belongsIn`); an appended log
 * is read from where it was left, a rewritten one again from the start.
 */
export class OtherLabels {
  private readonly _logs = new Map<string, FollowedLog>();

  constructor(
    private readonly _folder: LabelFolder,
    private readonly _me: string,
  ) {}

  /** Reads what changed; true when any other annotator's labels did. */
  async load(): Promise<boolean> {
    const names = (await this._folder.list()).map((e) => e.name).filter((n) => !isLogOf(n, this._me));
    let changed = false;
    for (const gone of [...this._logs.keys()].filter((n) => !names.includes(n))) {
      this._logs.delete(gone);
      changed = true;
    }
    for (const name of names) {
      let log = this._logs.get(name);
      if (!log) this._logs.set(name, (log = { tail: new LogTail(this._folder.log(name)), states: new Map(), foreign: [] }));
      const followed = log;
      const take = (e: Parameters<LabelState['apply']>[0], line: number) => {
        if (e.annotator === this._me) return; // my own, in a log named the way older versions named mine
        if (!belongsIn(name, e.annotator)) {
          followed.foreign.push({ file: followed.tail.sink.path, line, column: 0, severity: 'warning', message: `an event of annotator "${e.annotator}" in ${name}; ignored` });
          return;
        }
        let state = followed.states.get(e.annotator);
        if (!state) followed.states.set(e.annotator, (state = new LabelState()));
        state.apply(e);
      };
      const reset = () => {
        followed.states = new Map();
        followed.foreign = [];
      };
      if ((await followed.tail.read(take, reset)) !== 'unchanged') changed = true;
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
    return [...this._logs.values()].flatMap((l) => [...l.tail.diagnostics, ...l.foreign]);
  }
}
