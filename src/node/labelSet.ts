import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LabelState } from '../core/labelLog';
import { annotatorFileName } from '../core/labelPaths';
import type { AnnotatorItemLabels } from '../core/humanLabels';
import type { Diagnostic } from '../core/diagnostic';
import { LabelLogFile } from './labelFile';

export interface AnnotatorLog {
  /** The annotator as named by the log file (`ana` for `ana.jsonl`): unique within a folder. */
  annotator: string;
  file: string;
  state: LabelState;
}

/** Every selected annotator's folded log for one input, read once, for exports and reports. */
export interface LabelSet {
  readonly dir: string;
  readonly logs: readonly AnnotatorLog[];
  /** Problems in the logs (torn or invalid lines): warnings, the rest of each log is used. */
  readonly diagnostics: readonly Diagnostic[];
  /** Names asked for with `annotators` that have no log in the folder. */
  readonly missing: readonly string[];
  /** Each selected annotator's current labels on the item, in annotator order (empty ones included). */
  forItem(item: string): AnnotatorItemLabels[];
  /** Ids of items that have a current label from any selected annotator. */
  labeledItems(): Set<string>;
}

/**
 * Reads `dir/*.jsonl` (an input's `labelsDir`: `DATASET.labels/`, or a manifest's folder). `annotators` selects by file name (`ana`) or by the
 * name as typed (`Ana Lopez`, whose file is `Ana_Lopez.jsonl`); omitted, all logs are read.
 * A missing folder is an empty set. Logs are sorted by annotator so output order is stable.
 */
export async function readLabelSet(dir: string, annotators?: readonly string[]): Promise<LabelSet> {
  let names: string[] = [];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const wanted = annotators ? new Map(annotators.map((a) => [annotatorFileName(a), a])) : undefined;
  const logs: AnnotatorLog[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const name of names) {
    if (wanted && !wanted.has(name)) continue;
    wanted?.delete(name);
    const file = join(dir, name);
    const parsed = await new LabelLogFile(file).read();
    diagnostics.push(...parsed.diagnostics);
    logs.push({ annotator: name.replace(/\.jsonl$/, ''), file, state: new LabelState(parsed.events) });
  }
  return {
    dir,
    logs,
    diagnostics,
    missing: wanted ? [...wanted.values()] : [],
    forItem: (item) => logs.map((l) => ({ annotator: l.annotator, labels: l.state.forItem(item) })),
    labeledItems: () => new Set(logs.flatMap((l) => l.state.labeledItems())),
  };
}
