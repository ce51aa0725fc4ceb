import { mkdir } from 'node:fs/promises';
import { openInput } from '../node/input';
import { labeledItems, withLabels } from '../node/labeledInput';
import { readSelection, writeSelection } from '../node/selectionFile';
import { designPredictions, extendSelection, type Candidate } from '../core/campaign/activeSelection';
import { isLabeled } from '../core/labels/isLabeled';
import { itemOutcome } from '../core/report/comparison';
import { observe } from '../core/report/observations';
import { overallScore } from '../core/report/calibration';
import { terminalLine } from '../core/terminalText';
import { UsageError } from './args';
import { takeFlags } from './commandFlags';

export const usage = 'transcript-review next --n N [--json] [--seed N] [--predictor SCORE] [--floor 0.1] INPUT';

/**
 * The next items to label under active selection: drawn with probability proportional to the
 * predictor's uncertainty (with a floor), recorded with their probabilities in
 * `LABELS/selection.json` so reports weight them right. Prints one `ID PROBABILITY` a line, or
 * `{"items":[{"item","probability"}]}`. The seed and predictor of an existing file win; a
 * campaign's `seed` is the default.
 */
export async function run(args: string[]): Promise<number> {
  const { values, rest } = takeFlags(args, { json: 'boolean', n: 'string', seed: 'string', predictor: 'string', floor: 'string' }, usage);
  const want = Number(values.n);
  if (!Number.isInteger(want) || want < 1 || rest.length !== 1 || rest[0]!.startsWith('--')) throw new UsageError(usage);
  const floor = values.floor === undefined ? undefined : Number(values.floor);
  if (floor !== undefined && !(floor > 0 && floor <= 1)) throw new UsageError(`--floor takes a number above 0 and at most 1\n  ${usage}`);
  const seedArg = values.seed === undefined ? undefined : Number(values.seed);
  if (seedArg !== undefined && !Number.isInteger(seedArg)) throw new UsageError(`--seed takes an integer\n  ${usage}`);
  const li = await withLabels(await openInput(rest[0]!));
  try {
    const previous = await readSelection(li.labels.dir);
    const predictor = previous?.predictor ?? values.predictor ?? overallScore;
    const candidates: Candidate[] = [];
    for await (const each of labeledItems(li)) {
      const item = each.result.item;
      if (!item) continue;
      const a = item.sides[0].scores?.[predictor];
      const b = item.sides[1].scores?.[predictor];
      const o = observe(item, each.labels);
      const y = o ? itemOutcome(o) : undefined;
      candidates.push({
        id: item.id,
        labeled: each.labels.some((l) => isLabeled(l.labels)),
        ...(typeof a === 'number' && typeof b === 'number' && { score: b - a }),
        ...(typeof y === 'number' && { y }),
      });
    }
    const seed = seedArg ?? li.input.manifest?.campaign?.seed ?? 1;
    const { file, next } = extendSelection(candidates, designPredictions(candidates, seed), { want, seed, predictor, ...(floor !== undefined && { floor }), ...(previous && { previous }) });
    await mkdir(li.labels.dir, { recursive: true });
    const path = await writeSelection(li.labels.dir, file);
    if (values.json) process.stdout.write(JSON.stringify({ items: next }) + '\n');
    else for (const s of next) process.stdout.write(terminalLine(`${s.item} ${s.probability.toPrecision(4)}`));
    process.stderr.write(terminalLine(`${next.length} item${next.length === 1 ? '' : 's'} to label; ${file.items.length} drawn of ${candidates.length} (expected ${file.budget.toFixed(1)}), recorded in ${path}`));
    return 0;
  } finally {
    await li.input.close();
  }
}
