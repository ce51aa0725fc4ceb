import { Dataset } from '../core/dataset';
import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import { openFileSource } from '../node/fileSource';

const usage = `usage: transcript-review validate [--json] FILE`;

async function validate(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length !== 1) {
    process.stderr.write(usage + '\n');
    return 2;
  }
  const file = files[0]!;
  let source;
  try {
    source = await openFileSource(file);
  } catch (err) {
    process.stderr.write(`transcript-review: cannot read ${file}: ${(err as Error).message}\n`);
    return 2;
  }
  const dataset = new Dataset(source, file);
  await dataset.build();
  const diagnostics: Diagnostic[] = [];
  let items = 0;
  for (let i = 0; i < dataset.count; i++) {
    const r = await dataset.item(i);
    if (r.item) items++;
    diagnostics.push(...r.diagnostics);
  }
  await source.close();
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (json) process.stdout.write(JSON.stringify({ items, errors, warnings, diagnostics }) + '\n');
  else {
    for (const d of diagnostics) process.stdout.write(formatDiagnostic(d) + '\n');
    process.stdout.write(`${items} items, ${errors} errors, ${warnings} warnings\n`);
  }
  return errors > 0 ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'validate':
      return validate(rest);
    default:
      process.stderr.write(usage + '\n');
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`transcript-review: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
