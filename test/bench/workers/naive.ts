import { readFileSync } from 'node:fs';
import { peakRssMB, report } from '../measure';

/** The obvious way: read the whole file into one string, split it, parse every line. */
function main(): void {
  const file = process.argv[2]!;
  const t = performance.now();
  try {
    const lines = readFileSync(file, 'utf8').split('\n');
    let items = 0;
    for (const l of lines) {
      if (!l) continue;
      JSON.parse(l);
      items++;
    }
    report({ ok: true, ms: performance.now() - t, items, rssMB: peakRssMB() });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    report({ ok: false, error: `${e.code ?? e.name}: ${e.message}`, ms: performance.now() - t, rssMB: peakRssMB() });
  }
}

main();
