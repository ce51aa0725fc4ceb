import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../src/core/metrics/random';

/**
 * A dataset for the prediction-powered report: `items` items over four benchmarks, each side with
 * an `overall` reward-model score and a `judge` grader score that track the (simulated) human
 * outcome, and a log of `ana`'s preferences and verdicts on a random one in `every` items.
 */
export async function poweredFixture(options: { items?: number; every?: number; seed?: number; manifest?: object } = {}): Promise<{ dir: string; data: string; labels: string; manifest?: string }> {
  const n = options.items ?? 400;
  const every = options.every ?? 4;
  const random = seededRandom(options.seed ?? 11);
  const dir = await mkdtemp(join(tmpdir(), 'powered-'));
  const lines: string[] = [];
  const events: string[] = [];
  const benchmarks = ['deception', 'honesty', 'reward-hacking', 'sycophancy'];
  for (let i = 0; i < n; i++) {
    const id = `item-${String(i).padStart(4, '0')}`;
    const benchmark = benchmarks[i % 4]!;
    const lift = benchmark === 'sycophancy' ? 0 : 0.8;
    const x = (random() - 0.5) * 6 + lift;
    const trainedWins = random() < 1 / (1 + Math.exp(-2 * x));
    const base = random();
    const violation = random() < 1 / (1 + Math.exp(2 * x));
    const side = (name: string, overall: number, judge: number) => ({ model: name, messages: [{ role: 'assistant', content: `answer ${i} by ${name}` }], scores: { overall, judge } });
    lines.push(
      JSON.stringify({
        id,
        prompt: [{ role: 'user', content: `question ${i}` }],
        baseline: side('base', base, 0.9),
        trained: side('trained', base + x / 3, violation ? 0.2 + random() * 0.2 : 0.6 + random() * 0.3),
        metadata: { benchmark, domain: i % 2 ? 'health' : 'law' },
      }),
    );
    if (random() * every >= 1) continue;
    const at = `2026-12-06T10:${String(i % 60).padStart(2, '0')}:00Z`;
    events.push(JSON.stringify({ v: 1, id: `p${i}`, at, annotator: 'ana', op: 'add', item: id, kind: 'preference', value: trainedWins ? 'trained' : 'baseline' }));
    events.push(JSON.stringify({ v: 1, id: `v${i}`, at, annotator: 'ana', op: 'add', item: id, kind: 'verdict', side: 'trained', trait: 'truthfulness', value: violation ? 'violation' : 'ok' }));
  }
  const data = join(dir, 'data.jsonl');
  await writeFile(data, lines.join('\n') + '\n');
  const labels = join(dir, 'data.labels');
  await mkdir(labels);
  await writeFile(join(labels, 'ana.jsonl'), events.join('\n') + '\n');
  if (!options.manifest) return { dir, data, labels };
  const manifest = join(dir, 'data.review.json');
  await writeFile(manifest, JSON.stringify({ version: 1, dataset: 'data.jsonl', labels: 'data.labels', ...options.manifest }));
  return { dir, data, labels, manifest };
}
