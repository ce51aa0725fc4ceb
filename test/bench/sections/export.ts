import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeSynthetic } from '../synthetic';

/**
 * Export throughput and memory: each format over synthetic inputs of two sizes, every export in
 * its own process so its peak RSS is its own. "Flat" memory means the 100k-item run peaks near
 * the 10k-item run; throughput is input bytes over wall time (target ≥ 50 MB/s).
 */
export interface ExportMeasurement {
  format: string;
  items: number;
  inputMB: number;
  seconds: number;
  mbPerSecond: number;
  /** Input MB per second of CPU time (user + system): steadier than wall time on a shared machine. */
  mbPerCpuSecond: number;
  peakRssMB: number;
}

const repoRoot = resolve(__dirname, '../../..');
const formats = ['labels', 'csv', 'trl', 'traits', 'merged'] as const;

/** Two annotators: `ana` labels every 5th item, `ben` every 10th, with verdicts, a span and a preference. */
export async function writeLabels(dataset: string, items: number): Promise<void> {
  const dir = dataset.replace(/\.jsonl$/, '.labels');
  await mkdir(dir, { recursive: true });
  for (const [who, every] of [['ana', 5], ['ben', 10]] as const) {
    const lines: string[] = [];
    let k = 0;
    for (let i = 0; i < items; i += every) {
      const base = { v: 1, op: 'add', at: '2026-11-23T08:00:00.000Z', annotator: who, item: `item-${i}` };
      lines.push(JSON.stringify({ ...base, id: `${who}-${k++}`, kind: 'preference', value: i % 3 === 0 ? 'baseline' : 'trained' }));
      lines.push(JSON.stringify({ ...base, id: `${who}-${k++}`, kind: 'verdict', side: 'baseline', trait: 'truthfulness', value: 'violation' }));
      lines.push(JSON.stringify({ ...base, id: `${who}-${k++}`, kind: 'verdict', side: 'trained', trait: 'truthfulness', value: 'ok' }));
      lines.push(JSON.stringify({ ...base, id: `${who}-${k++}`, kind: 'span', side: 'baseline', message: 0, start: 0, end: 12, quote: 'the patient', trait: 'truthfulness', severity: 'major' }));
    }
    await writeFile(join(dir, `${who}.jsonl`), lines.join('\n') + '\n');
  }
}

/**
 * Runs one export in a child process; the child reports its own wall time and peak RSS. With
 * `scan`, the export runs through `runExport` with those thread options (the merged export's
 * parse: `{ workers: 1 }` is the single-threaded baseline), else through the CLI.
 */
export function measureExport(format: string, input: string, out: string, scan?: { workers?: number; workerFile?: string }): Promise<{ seconds: number; cpuSeconds: number; peakRssMB: number }> {
  const src = (p: string) => JSON.stringify(join(repoRoot, 'src', p));
  const start = scan
    ? `(async () => {
        const { openInput } = require(${src('node/input.ts')});
        const { withLabels } = require(${src('node/labeledInput.ts')});
        const { runExport } = require(${src('node/exportRun.ts')});
        const li = { ...(await withLabels(await openInput(${JSON.stringify(input)}))), path: ${JSON.stringify(input)} };
        const r = await runExport(li, { format: ${JSON.stringify(format)}, out: ${JSON.stringify(out)}, scan: ${JSON.stringify(scan)} });
        await li.input.close();
        return r.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
      })()`
    : `run(['--format', ${JSON.stringify(format)}, '--out', ${JSON.stringify(out)}, ${JSON.stringify(input)}])`;
  const script = `
    const { run } = require(${src('cli/export.ts')});
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    ${start}.then((code) => {
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      process.stdout.write(JSON.stringify({ code, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRSS: process.resourceUsage().maxRSS }));
    });`;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.on('close', (code) => {
      try {
        const r = JSON.parse(text) as { code: number; seconds: number; cpuSeconds: number; maxRSS: number };
        if (code !== 0 || r.code !== 0) throw new Error(`export ${format} exited ${code}/${r.code}`);
        resolvePromise({ seconds: r.seconds, cpuSeconds: r.cpuSeconds, peakRssMB: r.maxRSS / 1024 });
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

/** Measures every format at each size (in bytes of input; ~10 KB an item, so 1 GB ≈ 100k items). */
export async function runExportBench(sizes: readonly number[] = [100e6, 1e9]): Promise<ExportMeasurement[]> {
  const dir = await mkdtemp(join(tmpdir(), 'tr-bench-export-'));
  const results: ExportMeasurement[] = [];
  try {
    for (const bytes of sizes) {
      const input = join(dir, `data-${bytes}.jsonl`);
      const items = await writeSynthetic(input, bytes);
      await writeLabels(input, items);
      const inputMB = (await stat(input)).size / 1e6;
      for (const format of formats) {
        const out = join(dir, `out.${format}`);
        const { seconds, cpuSeconds, peakRssMB } = await measureExport(format, input, out);
        await rm(out, { force: true });
        results.push({ format, items, inputMB, seconds, mbPerSecond: inputMB / seconds, mbPerCpuSecond: inputMB / cpuSeconds, peakRssMB });
      }
      await rm(input, { force: true });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}

if (require.main === module) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  runExportBench(sizes.length > 0 ? sizes : undefined).then((rows) => {
    for (const r of rows) {
      process.stdout.write(
        `export ${r.format.padEnd(7)} ${String(r.items).padStart(7)} items ${r.inputMB.toFixed(0).padStart(5)} MB  ${r.seconds.toFixed(2).padStart(6)} s  ${r.mbPerSecond.toFixed(0).padStart(4)} MB/s  (${r.mbPerCpuSecond.toFixed(0)} MB per CPU-s)  peak RSS ${r.peakRssMB.toFixed(0)} MB\n`,
      );
    }
  });
}
