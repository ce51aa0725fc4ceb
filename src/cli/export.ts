import { exportFormats, type ExportFormat } from '../core/exports/exportFormat';
import { runExportOver } from '../node/exportRun';
import { UsageError } from './args';
import { manyInputUsage } from './inputArgs';
import { terminalLine } from '../core/terminalText';
import { openShardArgs, parseAnnotators, printDiagnostics, takeFlags } from './commandFlags';

// The input's adapter is fixed by a manifest here: `--format` names the export format.
export const usage = `transcript-review export --format ${exportFormats.join('|')} [--annotators a,b] [--trait T] [--side S] [--task T] [--out FILE] ${manyInputUsage.replace('[--format F] ', '')}`;

function isFormat(value: string | undefined): value is ExportFormat {
  return (exportFormats as readonly string[]).includes(value ?? '');
}

/**
 * Streams one export: items are read one at a time and each item's output written before the
 * next is read, so memory stays flat. Problems go to stderr; exit 1 when input lines had
 * errors (their items are skipped, the rest is exported), as `validate` does. Many inputs (the
 * shards of a dataset) make one output stream, in the order given.
 */
export async function run(args: string[]): Promise<number> {
  const { values, rest } = takeFlags(args, { format: 'string', annotators: 'string', trait: 'string', side: 'string', task: 'string', out: 'string' }, usage);
  if (!isFormat(values.format)) throw new UsageError(`--format takes one of ${exportFormats.join(', ')}\n  ${usage}`);
  if (values.trait !== undefined && values.format !== 'trl' && values.format !== 'traits') throw new UsageError(`--trait applies to --format trl or traits\n  ${usage}`);
  if ((values.side !== undefined || values.task !== undefined) && values.format !== 'inspect') throw new UsageError(`--side and --task apply to --format inspect\n  ${usage}`);
  const inputs = await openShardArgs(rest, usage, parseAnnotators(values.annotators));
  const result = await runExportOver(inputs.shards(), { format: values.format, trait: values.trait, side: values.side, task: values.task, out: values.out, unique: inputs.many });
  await inputs.finish();
  const { diagnostics, orphans, summary } = result;
  printDiagnostics(diagnostics);
  if (orphans.length > 0) process.stderr.write(terminalLine(`export: labels on ${orphans.length} item(s) not in the input, left out: ${orphans.slice(0, 5).join(', ')}${orphans.length > 5 ? ', …' : ''}`));
  if (summary) process.stderr.write(terminalLine(summary));
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
