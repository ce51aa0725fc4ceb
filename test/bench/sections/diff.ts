import DiffMatchPatch from 'diff-match-patch';
import type { BenchFigure, BenchSection } from '../registry';
import { median, round } from '../measure';
import { wordDiff } from '../../../src/core/diff/wordDiff';

function words(n: number, seed: number): string[] {
  let s = seed;
  return Array.from({ length: n }, () => 'w' + ((s = (s * 1103515245 + 12345) & 0x7fffffff) % 5000));
}

/** Two versions of an n-word answer in paragraphs of 100 words, 5 % of the words changed. */
function pair(n: number): [string, string] {
  const a = words(n, 1);
  const b = [...a];
  for (let i = 0; i < n / 20; i++) b[(i * 37) % n] = `changed${i}`;
  const join = (w: string[]) => w.map((x, i) => (i % 100 === 99 ? `${x}\n\n` : `${x} `)).join('');
  return [join(a), join(b)];
}

function time(run: () => void, repeats: number): number {
  run(); // warm the JIT
  const t: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const s = performance.now();
    run();
    t.push(performance.now() - s);
  }
  return median(t);
}

/**
 * The word diff of two aligned answers, against the baseline of diff-match-patch on the raw
 * characters (its default mode) measured in the same run.
 */
export const diffSection: BenchSection = {
  name: 'diff',
  title: 'Word diff of two aligned messages',
  async run(ctx) {
    const out: BenchFigure[] = [];
    for (const n of [500, 2000, 10_000, 50_000]) {
      ctx.log(`diff: ${n} words…`);
      const [a, b] = pair(n);
      const ours = time(() => wordDiff(a, b), n >= 10_000 ? 3 : 7);
      const d = wordDiff(a, b);
      // The baseline gets diff-match-patch's default 1 s timeout: without it, 50k words takes minutes.
      const baseline = time(() => new DiffMatchPatch().diff_main(a, b), 1);
      out.push({
        key: `diff${n}Ms`,
        label: `word diff, ${n.toLocaleString('en-US')} words (5 % changed)`,
        value: round(ours, 1),
        unit: 'ms',
        note: `${d.granularity}${n === 10_000 ? ', target < 50 ms' : ''}; character diff-match-patch: ${round(baseline, 0)} ms (${round(baseline / ours, 1)}×)`,
      });
    }
    return out;
  },
};
