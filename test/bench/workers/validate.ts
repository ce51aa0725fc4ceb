import { openInput } from '../../../src/node/input';
import { scanItems } from '../../../src/node/scan/parallelScan';
import { cpuMs, peakRssMB, report } from '../measure';

/** `transcript-review validate FILE` without the printing: open (index), then check every item (on worker threads, as the CLI does). */
async function main(): Promise<void> {
  const [file, workerFile] = process.argv.slice(2) as [string, string | undefined];
  const t = performance.now();
  const cpu = process.cpuUsage();
  const input = await openInput(file);
  let items = 0;
  let problems = input.diagnostics.length;
  for await (const r of scanItems(input.source, 'validate', { workerFile })) {
    if (r.valid) items++;
    problems += r.diagnostics.length;
  }
  await input.close();
  report({ ms: performance.now() - t, cpuMs: cpuMs(cpu), items, problems, rssMB: peakRssMB() });
}

void main();
