import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { writeSynthetic } from './synthetic';
import { sections } from './sections/index';
import type { BenchContext, BenchFigure } from './registry';

/**
 * npm run bench [-- --size 10MB|50MB|100MB|1GB] [--json] [--only open,validate,itemList,export] [--repeats N] [--formats jsonl,eval,json]
 *
 * Generates a synthetic canonical file once per size (bench-data/, git-ignored; reused after),
 * runs each section (each measure in its own Node process) and prints a table, or with --json
 * one object of every figure by key. A benchmark, not a test: it asserts nothing.
 */
const sizes: Record<string, number> = { '10MB': 10 * 2 ** 20, '50MB': 50 * 2 ** 20, '100MB': 100 * 2 ** 20, '1GB': 2 ** 30 };

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const sizeLabel = option('size') ?? '50MB';
  const bytes = sizes[sizeLabel];
  if (bytes === undefined) throw new Error(`--size takes one of ${Object.keys(sizes).join(', ')}`);
  const only = option('only')?.split(',');
  const repeats = Number(option('repeats') ?? (bytes >= 2 ** 30 ? 3 : 5));
  const log = (line: string) => void (json || process.stderr.write(line + '\n'));

  const dir = join(__dirname, '..', '..', 'bench-data');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `synthetic-${sizeLabel}.jsonl`);
  const meta = `${file}.items`;
  if (!existsSync(file) || !existsSync(meta)) {
    log(`generating ${sizeLabel} of synthetic items in ${file}…`);
    writeFileSync(meta, String(await writeSynthetic(file, bytes)));
    // Flush the new file's dirty pages now, or their write-back would slow the first measures.
    execFileSync('sync');
  }
  // Worker threads run the bundle the extension and the CLI ship, not TypeScript compiled on the fly.
  log('building dist/ (the scan worker)…');
  const root = join(__dirname, '..', '..');
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'ignore' });
  const scanWorker = join(root, 'dist', 'scanWorker.js');
  const context: BenchContext = { file, scanWorker, bytes: statSync(file).size, items: Number(readFileSync(meta, 'utf8')), repeats, formats: option('formats')?.split(','), figures: {}, log };
  log(`${context.items} items, ${(context.bytes / 2 ** 20).toFixed(0)} MiB, ${repeats} runs per timed measure`);

  const results: { title: string; figures: BenchFigure[] }[] = [];
  for (const section of sections) {
    if (only && !only.includes(section.name)) continue;
    const figures = await section.run(context);
    for (const f of figures) context.figures[f.key] = f.value;
    results.push({ title: section.title, figures });
  }

  if (json) {
    process.stdout.write(JSON.stringify({ size: sizeLabel, bytes: context.bytes, items: context.items, node: process.version, ...context.figures }) + '\n');
    return;
  }
  const rows = [`| ${sizeLabel}: ${context.items} items | value | target / note |`, '| --- | ---: | --- |'];
  for (const r of results) {
    rows.push(`| **${r.title}** | | |`);
    for (const f of r.figures) rows.push(`| ${f.label} | ${f.value}${f.unit ? ` ${f.unit}` : ''} | ${f.note ?? ''} |`);
  }
  process.stdout.write(rows.join('\n') + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
