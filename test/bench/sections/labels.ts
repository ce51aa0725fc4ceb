import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabelWriter } from '../../../src/core/labels/labelWriter';
import { LabelLogFile } from '../../../src/node/labelFile';
import { serializeEvent } from '../../../src/core/labels/labelLog';
import type { LabelEvent } from '../../../src/core/labels/labelEvent';
import type { BenchSection } from '../registry';
import { median, percentile, round } from '../measure';

interface Fold {
  mb: number;
  foldMs: number;
  parseMs: number;
  items: number;
}

/** Writes an n-event log (every 10th event removes the one before), then times load + fold against reading + JSON.parse. */
async function foldLog(dir: string, n: number): Promise<Fold> {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const e: LabelEvent =
      i % 10 === 9
        ? { v: 1, op: 'remove', id: `r${i}`, at: '2026-11-23T08:00:00.000Z', annotator: 'bench', target: `e${i - 1}` }
        : { v: 1, op: 'add', id: `e${i}`, at: '2026-11-23T08:00:00.000Z', annotator: 'bench', item: `item-${i % 20_000}`, kind: 'verdict', side: i % 2 ? 'trained' : 'baseline', trait: 'truthfulness', value: i % 3 ? 'ok' : 'violation' };
    lines.push(serializeEvent(e));
  }
  const folder = join(dir, `log-${n}.labels`);
  const logPath = join(folder, 'bench.jsonl');
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder);
  await writeFile(logPath, lines.join(''));
  lines.length = 0;
  const mb = (await readFile(logPath)).length / 1e6;
  let t = performance.now();
  const writer = new LabelWriter(new LabelLogFile(logPath), 'bench');
  await writer.load();
  const foldMs = performance.now() - t;
  t = performance.now();
  for (const l of (await readFile(logPath, 'utf8')).split('\n')) if (l) JSON.parse(l);
  const parseMs = performance.now() - t;
  return { mb, foldMs, parseMs, items: writer.state.labeledItems().length };
}

/**
 * Labels: a keypress's label → fsync'd on disk (through the writer the editor uses) against a bare
 * append + fsync of the same line, and loading + folding a 100k-event (median of runs) and a 1M-event log file (streamed, as the
 * editor and `check` do) against reading it and `JSON.parse` of its lines.
 */
export const labelsSection: BenchSection = {
  name: 'labels',
  title: 'Label writes and log folding',
  async run(ctx) {
    ctx.log('labels: 500 fsync’d appends, folds of 100k and 1M events…');
    const dir = await mkdtemp(join(tmpdir(), 'tr-bench-labels-'));
    try {
      const store = new LabelWriter(new LabelLogFile(join(dir, 'data.labels', 'bench.jsonl')), 'bench');
      await store.load();
      const ours: number[] = [];
      for (let i = 0; i < 500; i++) {
        const t = performance.now();
        await store.submit({ op: 'add', draft: { kind: 'verdict', item: `item-${i % 50}`, side: i % 2 ? 'trained' : 'baseline', trait: 'truthfulness', value: 'violation' } });
        ours.push(performance.now() - t);
      }
      const bare: number[] = [];
      const fd = openSync(join(dir, 'bare.jsonl'), 'a');
      const line = Buffer.from(serializeEvent({ v: 1, op: 'add', id: 'x', at: 'x', annotator: 'bench', item: 'i', kind: 'verdict', side: 'trained', trait: 'truthfulness', value: 'ok' }));
      for (let i = 0; i < 500; i++) {
        const t = performance.now();
        writeSync(fd, line);
        fsyncSync(fd);
        bare.push(performance.now() - t);
      }
      closeSync(fd);

      const big = await foldLog(dir, 1_000_000);
      const small: Fold[] = [];
      for (let r = 0; r < Math.max(ctx.repeats, 5); r++) small.push(await foldLog(dir, 100_000));
      const fold100k = median(small.map((f) => f.foldMs));
      const parse100k = median(small.map((f) => f.parseMs));
      return [
        { key: 'labelP50Ms', label: 'label → fsync’d on disk, p50 (500 labels)', value: round(percentile(ours, 50), 2), unit: 'ms', note: `bare write + fsync: ${round(percentile(bare, 50), 2)} ms` },
        { key: 'labelP99Ms', label: 'label → fsync’d on disk, p99', value: round(percentile(ours, 99), 2), unit: 'ms', note: `target < 15; bare write + fsync: ${round(percentile(bare, 99), 2)} ms` },
        { key: 'fold100kMs', label: `load + fold a 100k-event log (${round(small[0]!.mb, 1)} MB, median)`, value: round(fold100k, 0), unit: 'ms', note: `reading it + JSON.parse of its lines: ${round(parse100k, 0)} ms` },
        { key: 'fold100kVsParse', label: 'load + fold a 100k-event log ÷ reading it + JSON.parse', value: round(fold100k / parse100k, 2), unit: '×', note: 'target ≤ 1.5' },
        { key: 'fold1MMs', label: `load + fold a 1M-event log (${round(big.mb, 0)} MB)`, value: round(big.foldMs, 0), unit: 'ms', note: `reading it + JSON.parse of its lines: ${round(big.parseMs, 0)} ms (${round(big.foldMs / big.parseMs, 2)}×, target ≤ 1.5); ${big.items} items` },
      ];
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
