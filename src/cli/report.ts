import { runReportOver } from '../node/reportRun';
import { renderReportPage } from '../core/report/html';
import { UsageError } from './args';
import { manyInputUsage } from './inputArgs';
import { terminalLine } from '../core/terminalText';
import { openShardArgs, parseAnnotators, printDiagnostics, takeFlags } from './commandFlags';
import { openOutput } from '../node/output';
import { correctionSchema } from '../core/metrics/multiplicity';

export const usage = `transcript-review report [--json] [--out report.html] [--maps maps.json] [--annotators a,b] [--seed N] [--predictor SCORE] [--correction holm|bh] ${manyInputUsage}`;

/**
 * The comparison summary and calibration report: a self-contained HTML page, or `--json`.
 * `--maps` also writes the fitted calibration maps alone. The headline goes to stderr. Many
 * inputs (the shards of a dataset) make one report, read one after another.
 */
export async function run(args: string[]): Promise<number> {
  const { values, rest } = takeFlags(args, { json: 'boolean', out: 'string', maps: 'string', annotators: 'string', seed: 'string', predictor: 'string', correction: 'string' }, usage);
  const correction = values.correction === undefined ? undefined : correctionSchema.safeParse(values.correction);
  if (correction && !correction.success) throw new UsageError(`--correction takes holm or bh\n  ${usage}`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed takes an integer\n  ${usage}`);
  const inputs = await openShardArgs(rest, usage, parseAnnotators(values.annotators));
  const { report, diagnostics } = await runReportOver(inputs.shards(), inputs.label, {
    seed,
    unique: inputs.many,
    ...(values.predictor !== undefined && { predictor: values.predictor }),
    ...(correction?.data && { correction: correction.data }),
  });
  await inputs.finish();
  const protect = inputs.protect();
  const out = await openOutput(values.out, protect);
  await out.write(values.json ? JSON.stringify(report, null, 1) + '\n' : renderReportPage(report));
  await out.close();
  if (values.maps !== undefined) {
    const maps = await openOutput(values.maps, protect);
    await maps.write(JSON.stringify(report.maps, null, 1) + '\n');
    await maps.close();
  }
  printDiagnostics(diagnostics);
  process.stderr.write(terminalLine(report.comparison.headline.text));
  if (report.predictionPowered) process.stderr.write(terminalLine(report.predictionPowered.headline.text));
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
