import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import { escapeControls, terminalLine } from '../core/terminalText';
import { openOutput } from '../node/output';
import { scanItems } from '../node/scan/parallelScan';
import { manyInputUsage } from './inputArgs';
import { openInputRun } from './inputRun';
import type { ShardIds } from '../core/input/shardIds';
import type { OpenedInput } from '../core/open/openedInput';

export const usage = `transcript-review validate [--json] ${manyInputUsage}`;

/**
 * Checks every record: prints `FILE:LINE:COL: severity: message` per problem and a summary, or
 * one JSON object with `--json`. Exit 0 without errors, 1 with errors (warnings alone pass).
 * Problems are written as they are found, so memory stays flat however many there are (4M bad
 * lines used to be held and joined into one string, past V8's string limit). Many inputs
 * (files, folders of shards, globs) are checked one after another as one dataset: one summary,
 * and an item id an earlier shard has is an error, as `export` and `report` read them.
 */
export async function run(args: string[]): Promise<number> {
  const run = await openInputRun(args, usage);
  const json = run.json;
  const out = await openOutput(undefined, { files: [] });
  const counts = { items: 0, errors: 0, warnings: 0 };
  let first = true;
  const emit = async (d: Diagnostic) => {
    if (d.severity === 'error') counts.errors++;
    else counts.warnings++;
    if (json) {
      await out.write((first ? '' : ',') + escapeControls(JSON.stringify(d)));
      first = false;
    } else await out.write(terminalLine(formatDiagnostic(d)));
  };
  if (json) await out.write('{"diagnostics":[');
  for await (const input of run.inputs()) await validateInput(input, emit, counts, run.ids);
  await run.finish();
  if (json) await out.write(`],"items":${counts.items},"errors":${counts.errors},"warnings":${counts.warnings}}\n`);
  else await out.write(`${counts.items} items, ${counts.errors} errors, ${counts.warnings} warnings\n`);
  await out.close();
  return counts.errors > 0 ? 1 : 0;
}

/** One input's problems, in compiler order, through `emit`; its valid records counted. */
async function validateInput(input: OpenedInput, emit: (d: Diagnostic) => Promise<void>, counts: { items: number }, ids: ShardIds | undefined): Promise<void> {
  // Compiler order: by file (as given), then line. Items come in the order of the first file, so
  // its problems stream; open-time problems (unpaired records, sorted) join them at their line,
  // and problems in the other file of a pair (read out of order) are sorted at the end.
  const fileOrder = new Map(input.source.files.map((f, k) => [f, k]));
  const order = (d: Diagnostic) => fileOrder.get(d.file) ?? -1;
  const byPosition = (x: Diagnostic, y: Diagnostic) => order(x) - order(y) || x.line - y.line;
  const opened = [...input.diagnostics].sort(byPosition);
  let next = 0;
  const later: Diagnostic[] = [];
  const emitOpenedUpTo = async (d: Diagnostic | undefined) => {
    while (next < opened.length && (d === undefined || byPosition(opened[next]!, d) <= 0)) await emit(opened[next++]!);
  };
  // On worker threads for a large file; the same records in the same order as one thread reads them.
  for await (const r of scanItems(input.source, 'validate')) {
    const repeat = r.id === undefined ? undefined : ids?.check(r.id, r.line);
    // Single transcripts read alone are valid records, so they count (the warning says why they are not comparisons).
    if (r.valid && !repeat) counts.items++;
    for (const d of repeat ? [...r.diagnostics, repeat] : r.diagnostics) {
      if (order(d) > 0) later.push(d);
      else {
        await emitOpenedUpTo(d);
        await emit(d);
      }
    }
  }
  for (const d of [...opened.slice(next), ...later].sort(byPosition)) await emit(d);
}
