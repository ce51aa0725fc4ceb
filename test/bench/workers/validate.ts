import { openInput } from '../../../src/node/input';
import { peakRssMB, report } from '../measure';

/** `transcript-review validate FILE` without the printing: open (index), then read every item. */
async function main(): Promise<void> {
  const file = process.argv[2]!;
  const t = performance.now();
  const input = await openInput(file);
  let items = 0;
  let problems = input.diagnostics.length;
  for await (const r of input.items()) {
    if (r.item) items++;
    problems += r.diagnostics.length;
  }
  await input.close();
  report({ ms: performance.now() - t, items, problems, rssMB: peakRssMB() });
}

void main();
