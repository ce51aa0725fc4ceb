import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabelWriter } from '../../../src/core/labels/labelWriter';
import { LabelLogFile } from '../../../src/node/labelFile';
import { serializeEvent } from '../../../src/core/labels/labelLog';
import type { LabelEvent } from '../../../src/core/labels/labelEvent';
import type { BenchSection } from '../registry';
import { percentile, round } from '../measure';

/**
 * Labels: a keypress's label → fsync'd on disk (through the writer the editor uses) against a bare
 * append + fsync of the same line, and loading + folding a 1M-event log file (streamed, as the
 * editor and `check` do) against reading it and `JSON.parse` of its lines.
 */
export const labelsSection: BenchSection = {
  name: 'labels',
  title: 'Label writes and log folding',
  async run(ctx) {
    ctx.log('labels: 500 fsync’d appends, fold of 1M events…');
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

      const n = 1_000_000;
      const lines: string[] = [];
      for (let i = 0; i < n; i++) {
        const e: LabelEvent =
          i % 10 === 9
            ? { v: 1, op: 'remove', id: `r${i}`, at: '2026-11-23T08:00:00.000Z', annotator: 'bench', target: `e${i - 1}` }
            : { v: 1, op: 'add', id: `e${i}`, at: '2026-11-23T08:00:00.000Z', annotator: 'bench', item: `item-${i % 20_000}`, kind: 'verdict', side: i % 2 ? 'trained' : 'baseline', trait: 'truthfulness', value: i % 3 ? 'ok' : 'violation' };
        lines.push(serializeEvent(e));
      }
      const logPath = join(dir, 'big.labels', 'bench.jsonl');
      await mkdir(join(dir, 'big.labels'));
      await writeFile(logPath, lines.join(''));
      lines.length = 0;
      const mb = (await readFile(logPath)).length / 1e6;
      let t = performance.now();
      const big = new LabelWriter(new LabelLogFile(logPath), 'bench');
      await big.load();
      const foldMs = performance.now() - t;
      t = performance.now();
      for (const l of (await readFile(logPath, 'utf8')).split('\n')) if (l) JSON.parse(l);
      const parseMs = performance.now() - t;
      return [
        { key: 'labelP50Ms', label: 'label → fsync’d on disk, p50 (500 labels)', value: round(percentile(ours, 50), 2), unit: 'ms', note: `bare write + fsync: ${round(percentile(bare, 50), 2)} ms` },
        { key: 'labelP99Ms', label: 'label → fsync’d on disk, p99', value: round(percentile(ours, 99), 2), unit: 'ms', note: `target < 15; bare write + fsync: ${round(percentile(bare, 99), 2)} ms` },
        { key: 'fold1MMs', label: `load + fold a 1M-event log (${round(mb, 0)} MB)`, value: round(foldMs, 0), unit: 'ms', note: `reading it + JSON.parse of its lines: ${round(parseMs, 0)} ms (${round(foldMs / parseMs, 2)}×, target ≤ 1.5); ${big.state.labeledItems().length} items` },
      ];
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
