import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BenchFigure, BenchSection } from '../registry';
import { median, round, runWorker } from '../measure';
import { writeSynthetic } from '../synthetic';
import { traceBenchFiles } from '../traceData';

interface OpenResult {
  items: number;
  firstItemMs: number;
  indexMs: number;
  lastItemMs: number;
  rssMB: number;
}

const bytesOf = (path: string) => (statSync(path).isDirectory() ? readdirSync(path).reduce((n, f) => n + statSync(join(path, f)).size, 0) : statSync(path).size);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/**
 * Agent traces open by indexing: an OTLP file of 100k spans and a folder of 10k Claude Code
 * sessions, each against a plain JSONL file of the same bytes in the same run: open → first item,
 * open → full index, the last item after it.
 */
export const tracesSection: BenchSection = {
  name: 'traces',
  title: 'Agent traces (index, then assemble when shown)',
  async run(ctx) {
    const dir = dirname(ctx.file);
    const inputs = await traceBenchFiles(dir, 100_000, 10_000, ctx.log);
    const figures: BenchFigure[] = [];
    for (const [kind, path, label] of [
      ['otlp', inputs.otlp, 'OTLP/JSON file, 100k spans (10k traces)'],
      ['sessions', inputs.sessions, 'folder of 10k Claude Code sessions'],
    ] as const) {
      const bytes = bytesOf(path);
      const plain = join(dir, `same-bytes-as-${kind}.jsonl`);
      if (!existsSync(plain)) await writeSynthetic(plain, bytes);
      // The trace input and its JSONL baseline open in turn, so a change of the machine's load falls on both alike.
      const runs: [OpenResult[], OpenResult[]] = [[], []];
      ctx.log(`traces: ${label} (${mib(bytes)}) and plain JSONL of the same bytes, in turn…`);
      for (let r = 0; r < Math.min(ctx.repeats, 3); r++) for (const [k, file] of [path, plain].entries()) runs[k]!.push(await runWorker<OpenResult>('formats', ['trace', file]));
      const summary = (list: OpenResult[]) => ({ items: list[0]!.items, m: (k: keyof OpenResult) => median(list.map((x) => x[k])) });
      const t = summary(runs[0]);
      const j = summary(runs[1]);
      figures.push(
        { key: `${kind}IndexMs`, label: `${label}, ${mib(bytes)}: open → full index (${t.items} runs)`, value: round(t.m('indexMs'), 0), unit: 'ms', note: `JSONL of the same bytes (${j.items} items): ${round(j.m('indexMs'), 0)} ms` },
        { key: `${kind}IndexVsJsonl`, label: `${label}: index ÷ JSONL index`, value: round(t.m('indexMs') / j.m('indexMs')), unit: '×' },
        { key: `${kind}FirstItemMs`, label: `${label}: open → first item`, value: round(t.m('firstItemMs'), 1), unit: 'ms', note: `JSONL: ${round(j.m('firstItemMs'), 1)} ms` },
        { key: `${kind}FirstItemVsJsonl`, label: `${label}: first item ÷ JSONL first item`, value: round(t.m('firstItemMs') / j.m('firstItemMs')), unit: '×' },
        { key: `${kind}LastItemMs`, label: `${label}: last run assembled, after the index`, value: round(t.m('lastItemMs'), 1), unit: 'ms', note: `JSONL: ${round(j.m('lastItemMs'), 1)} ms` },
        { key: `${kind}RssMB`, label: `${label}: peak RSS`, value: round(t.m('rssMB'), 0), unit: 'MB', note: `JSONL: ${round(j.m('rssMB'), 0)} MB` },
      );
    }
    return figures;
  },
};
