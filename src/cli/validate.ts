import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import { openInput } from '../node/input';
import { inputUsage, parseJsonInputArgs } from './inputArgs';

export const usage = `transcript-review validate [--json] ${inputUsage}`;

/**
 * Checks every record: prints `FILE:LINE:COL: severity: message` per problem and a summary, or
 * one JSON object with `--json`. Exit 0 without errors, 1 with errors (warnings alone pass).
 */
export async function run(args: string[]): Promise<number> {
  const { path, options, json } = parseJsonInputArgs(args, usage);
  const input = await openInput(path, options);
  const diagnostics: Diagnostic[] = [...input.diagnostics];
  let items = 0;
  try {
    for await (const r of input.items()) {
      // Single transcripts read alone are valid records, so they count (the warning says why they are not comparisons).
      if (r.item || r.transcript) items++;
      for (const d of r.diagnostics) diagnostics.push(d);
    }
  } finally {
    await input.close();
  }
  // Compiler order: by file (as given), then line; open-time problems (unpaired records) join their lines.
  const fileOrder = new Map(input.source.files.map((f, k) => [f, k]));
  diagnostics.sort((x, y) => (fileOrder.get(x.file) ?? -1) - (fileOrder.get(y.file) ?? -1) || x.line - y.line);
  let errors = 0;
  for (const d of diagnostics) if (d.severity === 'error') errors++;
  const warnings = diagnostics.length - errors;
  if (json) process.stdout.write(JSON.stringify({ items, errors, warnings, diagnostics }) + '\n');
  else {
    process.stdout.write(diagnostics.map((d) => formatDiagnostic(d) + '\n').join(''));
    process.stdout.write(`${items} items, ${errors} errors, ${warnings} warnings\n`);
  }
  return errors > 0 ? 1 : 0;
}
