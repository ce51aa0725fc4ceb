import { LabelState } from './labelLog';
import { LogTail } from './logTail';
import { annotatorFileName } from './labelPaths';
import { LogOwner } from './logOwner';
import type { LabelEvent } from './labelEvent';
import type { AnnotatorItemLabels } from './humanLabels';
import type { Diagnostic } from '../diagnostic';
import type { LabelFolder } from './labelSink';
import { decisive } from './decisive';

export interface AnnotatorLog {
  /** The annotator's exact name, as in the events' `annotator` field. */
  annotator: string;
  /** The log files the labels were read from (one; two while an older-named log of theirs remains). */
  files: string[];
  state: LabelState;
}

/** Every selected annotator's folded log for one input, read once, for exports and reports. */
export interface LabelSet {
  readonly dir: string;
  readonly logs: readonly AnnotatorLog[];
  /** Problems in the logs (torn or invalid lines, misplaced events): warnings, the rest of each log is used. */
  readonly diagnostics: readonly Diagnostic[];
  /** Names asked for with `annotators` that have no labels in the folder. */
  readonly missing: readonly string[];
  /**
   * The labels that decide the item, in annotator order (empty ones included): an adjudicator's
   * when one labeled it, else every selected annotator's (see `decisive`).
   */
  forItem(item: string): AnnotatorItemLabels[];
  /** Every selected annotator's labels on the item, adjudicators included. */
  allForItem(item: string): AnnotatorItemLabels[];
  /** The campaign's adjudicators (none without a campaign). */
  readonly adjudicators: ReadonlySet<string>;
  /** Ids of items that have a current label from any selected annotator. */
  labeledItems(): Set<string>;
}

/**
 * Reads every log of a labels folder (an input's `labelsDir`: `DATASET.labels/`, or a manifest's
 * folder; `dir` names it in messages), each log streamed, on the desktop or in the browser. An event counts for its annotator only in that annotator's own log file
 * (`belongsIn`); elsewhere it is a warning. `annotators` selects by exact name; omitted, all
 * are read. A missing folder is an empty set. Logs are sorted by annotator so output is stable.
 */
export async function readLabelSet(folder: LabelFolder, dir: string, annotators?: readonly string[], adjudicators: ReadonlySet<string> = new Set()): Promise<LabelSet> {
  const wanted = annotators ? new Set(annotators) : undefined;
  const byAnnotator = new Map<string, AnnotatorLog>();
  const diagnostics: Diagnostic[] = [];
  const listed = await folder.list();
  const names = new Set(listed.map((e) => e.name.normalize('NFC')));
  const hasOwnLog = (annotator: string) => names.has(annotatorFileName(annotator).normalize('NFC'));
  for (const { name } of listed) {
    const tail = new LogTail(folder.log(name));
    const owner = new LogOwner(name, tail.sink.path, hasOwnLog);
    const apply = (e: LabelEvent) => {
      if (wanted && !wanted.has(e.annotator)) return;
      let log = byAnnotator.get(e.annotator);
      if (!log) byAnnotator.set(e.annotator, (log = { annotator: e.annotator, files: [], state: new LabelState() }));
      if (!log.files.includes(tail.sink.path)) log.files.push(tail.sink.path);
      log.state.apply(e);
    };
    await tail.read(
      (e, line) => {
        if (owner.take(e, line) === 'own') apply(e);
      },
      () => undefined,
    );
    for (const e of owner.settle()) apply(e);
    diagnostics.push(...tail.diagnostics, ...owner.warnings);
  }
  const logs = [...byAnnotator.values()].sort((a, b) => (a.annotator < b.annotator ? -1 : a.annotator > b.annotator ? 1 : 0));
  const all = (item: string) => logs.map((l) => ({ annotator: l.annotator, labels: l.state.forItem(item) }));
  return {
    dir,
    logs,
    diagnostics,
    missing: wanted ? [...wanted].filter((a) => !byAnnotator.has(a)) : [],
    forItem: (item) => decisive(all(item), adjudicators),
    allForItem: all,
    adjudicators,
    labeledItems: () => new Set(logs.flatMap((l) => l.state.labeledItems())),
  };
}
