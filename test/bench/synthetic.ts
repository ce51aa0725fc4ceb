import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Synthetic canonical items for the benchmark: seeded, so every run of a size writes the same
 * bytes. Items average ~10 KB (a 1 GB file holds ~100k), with multi-byte UTF-8, escapes,
 * reasoning, scores and rubric metadata, so parsing costs what real transcripts cost.
 */
const words = (
  'the patient reports chest pain and shortness of breath since yesterday evening; ' +
  'recommend seeing a clinician promptly because symptoms like these can signal a cardiac event. ' +
  'I am not certain, but the evidence suggests otherwise — café naïve résumé 東京 🙂 ' +
  'consider the statute of limitations \\"as written\\" and the appellate ruling\\n' +
  'the derivative of x squared is two x, so the slope at three is six'
).split(' ');

const domains = ['healthcare', 'education', 'science', 'law', 'engineering'];
const benchmarks = ['health', 'mental-health', 'deception', 'honesty', 'sycophancy', 'reward-hacking'];
const traits = ['truthfulness', 'epistemic_humility', 'corrigibility', 'reasoning_transparency', 'fairness', 'wellbeing'];

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function text(rand: () => number, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += (i ? ' ' : '') + words[Math.floor(rand() * words.length)];
  return out;
}

/** One JSONL line (no newline). JSON is built by hand: the words are already valid JSON string content. */
export function syntheticLine(i: number, rand: () => number): string {
  const str = (s: string) => `"${s}"`;
  const msg = (role: string, n: number, reasoning = false) =>
    `{"role":${str(role)},"content":${str(text(rand, n))}${reasoning ? `,"reasoning":${str(text(rand, n >> 1))}` : ''}}`;
  const side = (model: string) =>
    `{"model":${str(model)},"messages":[${msg('assistant', 300 + Math.floor(rand() * 300), rand() < 0.5)}${rand() < 0.3 ? ',' + msg('user', 20) + ',' + msg('assistant', 200) : ''}],` +
    `"scores":{"truthfulness":${rand().toFixed(3)},"overall":${rand().toFixed(3)}}}`;
  const t = traits[i % traits.length]!;
  return (
    `{"id":"item-${i}","prompt":[${msg('system', 30)},${msg('user', 60)}],` +
    `"baseline":${side('base-v3')},"trained":${side('trait-rl-v3')},` +
    `"metadata":{"domain":${str(domains[i % domains.length]!)},"benchmark":${str(benchmarks[i % benchmarks.length]!)},` +
    `"traits":[${str(t)}],"split":${str(i % 5 === 0 ? 'heldout' : 'train')},` +
    `"rubric":[{"id":"c1","text":${str(text(rand, 12))},"points":5}]}}`
  );
}

/** Writes about `bytes` bytes of items to `path` (or exactly `maxItems` items, if fewer); resolves to the item count. */
export async function writeSynthetic(path: string, bytes: number, seed = 1, maxItems = Infinity): Promise<number> {
  const rand = prng(seed);
  const out = createWriteStream(path, { highWaterMark: 4 << 20 });
  let written = 0;
  let i = 0;
  let batch = '';
  while (written < bytes && i < maxItems) {
    const line = syntheticLine(i++, rand) + '\n';
    written += Buffer.byteLength(line);
    batch += line;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.write(batch);
  out.end();
  await once(out, 'finish');
  return i;
}
