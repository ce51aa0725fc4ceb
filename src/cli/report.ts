import type { Diagnostic } from '../core/diagnostic';
import { observe, type Observation } from '../core/report/observations';
import { buildReport } from '../core/report/report';
import { renderReportPage } from '../core/report/html';
import { UsageError } from './args';
import { inputUsage } from './inputArgs';
import { inputFiles, labeledItems, openLabeledInputArgs, parseAnnotators, printDiagnostics, takeFlags } from './labeledInput';
import { openOutput } from './output';

export const usage = `transcript-review report [--json] [--out report.html] [--maps maps.json] [--annotators a,b] [--seed N] ${inputUsage}`;

/**
 * The comparison summary and calibration report: a self-contained HTML page, or `--json`.
 * `--maps` also writes the fitted calibration maps alone. The headline goes to stderr.
 */
export async function run(args: string[]): Promise<number> {
  const { values, rest } = takeFlags(args, { json: 'boolean', out: 'string', maps: 'string', annotators: 'string', seed: 'string' }, usage);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed takes an integer\n  ${usage}`);
  const li = await openLabeledInputArgs(rest, usage, parseAnnotators(values.annotators));
  const observations: Observation[] = [];
  const diagnostics: Diagnostic[] = [...li.input.diagnostics];
  let total = 0;
  try {
    for await (const { result, labels } of labeledItems(li)) {
      for (const d of result.diagnostics) diagnostics.push(d);
      if (!result.item) continue;
      total++;
      const o = observe(result.item, labels);
      if (o) observations.push(o);
    }
  } finally {
    await li.input.close();
  }
  const report = buildReport(observations, {
    input: li.path,
    annotators: li.labels.logs.map((l) => l.annotator),
    totalItems: total,
    ...(seed !== undefined && { seed }),
  });
  const protect = inputFiles(li);
  const out = await openOutput(values.out, protect);
  await out.write(values.json ? JSON.stringify(report, null, 1) + '\n' : renderReportPage(report));
  await out.close();
  if (values.maps !== undefined) {
    const maps = await openOutput(values.maps, protect);
    await maps.write(JSON.stringify(report.maps, null, 1) + '\n');
    await maps.close();
  }
  printDiagnostics([...li.labels.diagnostics, ...diagnostics]);
  process.stderr.write(`${report.comparison.headline.text}\n`);
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
