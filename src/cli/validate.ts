import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import { openInput } from '../node/input';
import { UsageError } from './args';

export const usage = 'transcript-review validate [--json] FILE';

export async function run(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length !== 1) throw new UsageError(usage);
  const input = await openInput(files[0]!);
  const diagnostics: Diagnostic[] = [...input.diagnostics];
  let items = 0;
  for await (const r of input.items()) {
    if (r.item) items++;
    diagnostics.push(...r.diagnostics);
  }
  await input.close();
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (json) process.stdout.write(JSON.stringify({ items, errors, warnings, diagnostics }) + '\n');
  else {
    for (const d of diagnostics) process.stdout.write(formatDiagnostic(d) + '\n');
    process.stdout.write(`${items} items, ${errors} errors, ${warnings} warnings\n`);
  }
  return errors > 0 ? 1 : 0;
}
