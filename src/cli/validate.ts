import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import { escapeControls, terminalLine } from '../core/terminalText';
import { InputOpener } from '../node/inputOpener';
import { openOutput } from '../node/output';
import { scanItems } from '../node/scan/parallelScan';
import { inputUsage, parseJsonInputArgs } from './inputArgs';

export const usage = `transcript-review validate [--json] ${inputUsage}`;

/**
 * Checks every record: prints `FILE:LINE:COL: severity: message` per problem and a summary, or
 * one JSON object with `--json`. Exit 0 without errors, 1 with errors (warnings alone pass).
 * Problems are written as they are found, so memory stays flat however many there are (4M bad
 * lines used to be held and joined into one string, past V8's string limit).
 */
export async function run(args: string[]): Promise<number> {
  const { path, options, json, cache } = parseJsonInputArgs(args, usage);
  // `--cache DIR`: the line index from the extension's scan cache when the file is unchanged, else kept there.
  const opener = new InputOpener(cache);
  const input = await opener.open(path, options);
  const out = await openOutput(undefined, { files: [] });
  // Compiler order: by file (as given), then line. Items come in the order of the first file, so
  // its problems stream; open-time problems (unpaired records, sorted) join them at their line,
  // and problems in the other file of a pair (read out of order) are sorted at the end.
  const fileOrder = new Map(input.source.files.map((f, k) => [f, k]));
  const order = (d: Diagnostic) => fileOrder.get(d.file) ?? -1;
  const byPosition = (x: Diagnostic, y: Diagnostic) => order(x) - order(y) || x.line - y.line;
  const opened = [...input.diagnostics].sort(byPosition);
  let next = 0;
  const later: Diagnostic[] = [];
  let items = 0;
  let errors = 0;
  let warnings = 0;
  let first = true;
  const emit = async (d: Diagnostic) => {
    if (d.severity === 'error') errors++;
    else warnings++;
    if (json) {
      await out.write((first ? '' : ',') + escapeControls(JSON.stringify(d)));
      first = false;
    } else await out.write(terminalLine(formatDiagnostic(d)));
  };
  const emitOpenedUpTo = async (d: Diagnostic | undefined) => {
    while (next < opened.length && (d === undefined || byPosition(opened[next]!, d) <= 0)) await emit(opened[next++]!);
  };
  if (json) await out.write('{"diagnostics":[');
  try {
    // On worker threads for a large file; the same records in the same order as one thread reads them.
    for await (const r of scanItems(input.source, 'validate')) {
      // Single transcripts read alone are valid records, so they count (the warning says why they are not comparisons).
      if (r.valid) items++;
      for (const d of r.diagnostics) {
        if (order(d) > 0) later.push(d);
        else {
          await emitOpenedUpTo(d);
          await emit(d);
        }
      }
    }
    const rest = [...opened.slice(next), ...later].sort(byPosition);
    next = opened.length;
    for (const d of rest) await emit(d);
  } finally {
    await input.close();
  }
  const note = await opener.finish();
  if (note) process.stderr.write(terminalLine(note));
  if (json) await out.write(`],"items":${items},"errors":${errors},"warnings":${warnings}}\n`);
  else await out.write(`${items} items, ${errors} errors, ${warnings} warnings\n`);
  await out.close();
  return errors > 0 ? 1 : 0;
}
