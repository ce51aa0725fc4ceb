import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import type { BenchFigure, BenchSection } from '../registry';
import { median, round, runWorker } from '../measure';
import { formatFiles } from '../formatsData';

interface ListReady {
  ms: number;
  cpuMs: number;
  rows: number;
  rssMB: number;
}

interface FormatResult {
  items: number;
  firstItemMs: number;
  indexMs: number;
  lastItemMs: number;
  rssMB: number;
}

/** A file's size for its label; a format not written this run (`--formats`) has none. */
const mib = (file: string) => (existsSync(file) ? `${(statSync(file).size / 2 ** 20).toFixed(0)} MiB` : 'not written');

/** `wc -l` of the JSONL, in ms: the floor of reading the same items' bytes once. */
function wcMs(file: string): number {
  const t = performance.now();
  execFileSync('wc', ['-l', file]);
  return performance.now() - t;
}

/**
 * Inspect `.eval` and `.json`, `.jsonl.gz` and Parquet against the plain JSONL of the same items, in the same
 * run: open → first item, open → full index, the last item after that, peak RSS. The two Inspect targets are
 * ratios against baselines of the same run: the `.eval` first item ÷ the JSONL first item, and the `.json` index ÷
 * `wc -l` of the JSONL (measured between the `.json` runs, so both see the same load).
 */
export const formatsSection: BenchSection = {
  name: 'formats',
  title: 'Other formats, same items',
  async run(ctx) {
    const wanted = (kind: string) => !ctx.formats || ctx.formats.includes(kind) || (kind === 'gz-cold' && ctx.formats.includes('gz'));
    const files = await formatFiles(ctx.file, ctx.log, wanted);
    const all: [string, string, string][] = [
      ['jsonl', ctx.file, `plain JSONL (${mib(ctx.file)})`],
      ['eval', files.eval, `Inspect .eval (${mib(files.eval)}, stored entries)`],
      ['json', files.json, `Inspect .json (${mib(files.json)}, samples inline)`],
      ['gz-cold', files.gz, `.jsonl.gz (${mib(files.gz)}), first opening (decompressed to the cache meanwhile)`],
      ['gz', files.gz, '.jsonl.gz again (cache reused)'],
      ['parquet', files.parquet, `Parquet (${mib(files.parquet)}, row groups of 1000)`],
    ];
    // The JSONL is every other input's baseline: it always runs.
    const inputs = all.filter(([kind]) => kind === 'jsonl' || wanted(kind));
    const figures: BenchFigure[] = [];
    const wc: number[] = [];
    let plain: Record<'firstItemMs' | 'indexMs', number> | undefined;
    for (const [kind, file, label] of inputs) {
      ctx.log(`formats: ${label}…`);
      const runs: FormatResult[] = [];
      for (let r = 0; r < Math.min(ctx.repeats, 3); r++) {
        runs.push(await runWorker<FormatResult>('formats', [kind === 'gz-cold' && r > 0 ? 'gz-cold' : kind, file]));
        if (kind === 'json') wc.push(wcMs(ctx.file));
      }
      const m = (k: keyof FormatResult) => median(runs.map((x) => x[k]));
      if (kind === 'jsonl') plain = { firstItemMs: m('firstItemMs'), indexMs: m('indexMs') };
      const vs = (k: 'firstItemMs' | 'indexMs') => (plain && kind !== 'jsonl' ? `JSONL, same run: ${round(plain[k], 1)} ms` : undefined);
      figures.push(
        { key: `${kind}FirstItemMs`, label: `${label}: open → first item`, value: round(m('firstItemMs'), 1), unit: 'ms', note: vs('firstItemMs') },
        { key: `${kind}IndexMs`, label: `${label}: open → full index (${runs[0]!.items} items)`, value: round(m('indexMs'), 0), unit: 'ms', note: vs('indexMs') },
        { key: `${kind}LastItemMs`, label: `${label}: last item, after the index`, value: round(m('lastItemMs'), 1), unit: 'ms' },
        { key: `${kind}RssMB`, label: `${label}: peak RSS`, value: round(m('rssMB'), 0), unit: 'MB' },
      );
    }
    const first = (k: string) => figures.find((f) => f.key === k)?.value;
    const jsonlFirst = first('jsonlFirstItemMs');
    const evalFirst = first('evalFirstItemMs');
    const jsonIndex = first('jsonIndexMs');
    if (typeof jsonlFirst === 'number' && typeof evalFirst === 'number') {
      figures.push({ key: 'evalFirstItemVsJsonl', label: 'Inspect .eval first item ÷ JSONL first item (same items, same run)', value: round(evalFirst / jsonlFirst), unit: '×', note: 'target ≤ 3' });
    }
    if (wanted('eval')) figures.push(...(await evalList(ctx, files.eval)));
    if (typeof jsonIndex === 'number' && wc.length) {
      const w = median(wc);
      figures.push(
        { key: 'formatsWcMs', label: '`wc -l` of the JSONL, between the .json runs (median)', value: round(w, 0), unit: 'ms' },
        { key: 'jsonIndexVsWc', label: 'Inspect .json index ÷ `wc -l` of the same items as JSONL (same run)', value: round(jsonIndex / w), unit: '×', note: 'target ≤ 3' },
      );
    }
    return figures;
  },
};

/**
 * The item list ready, first open: the `.eval`'s early rows (central directory, header,
 * summaries.json) against the JSONL's summaries on worker threads (same items, same run, turn by
 * turn so both see the same load), and once the `.eval`'s plain list (every sample read), what
 * it took before the early rows.
 */
async function evalList(ctx: Parameters<BenchSection['run']>[0], file: string): Promise<BenchFigure[]> {
  const jsonl: ListReady[] = [];
  const early: ListReady[] = [];
  for (let r = 0; r < Math.min(ctx.repeats, 3); r++) {
    ctx.log(`formats: item list ready, run ${r + 1}…`);
    jsonl.push(await runWorker<ListReady>('listReady', ['jsonl', ctx.file, ctx.scanWorker]));
    early.push(await runWorker<ListReady>('listReady', ['eval', file, ctx.scanWorker]));
  }
  ctx.log('formats: the .eval item list with every sample read (once)…');
  const plain = await runWorker<ListReady>('listReady', ['eval-plain', file, ctx.scanWorker]);
  const m = (runs: ListReady[], k: 'ms' | 'cpuMs') => median(runs.map((x) => x[k]));
  if (early[0]!.rows !== jsonl[0]!.rows || plain.rows !== jsonl[0]!.rows) throw new Error(`item list rows: .eval ${early[0]!.rows}, plain ${plain.rows}, JSONL ${jsonl[0]!.rows}`);
  return [
    { key: 'jsonlListMs', label: `plain JSONL: item list ready, first open (${jsonl[0]!.rows} rows, summaries on worker threads)`, value: round(m(jsonl, 'ms'), 0), unit: 'ms', note: `CPU ${round(m(jsonl, 'cpuMs'), 0)} ms` },
    { key: 'evalListMs', label: 'Inspect .eval: item list ready (early rows: central directory, header, summaries.json; first page made)', value: round(m(early, 'ms'), 0), unit: 'ms', note: `CPU ${round(m(early, 'cpuMs'), 0)} ms; peak RSS ${round(median(early.map((x) => x.rssMB)), 0)} MB` },
    { key: 'evalListVsJsonl', label: 'Inspect .eval item list ready ÷ JSONL item list ready (same items, same run)', value: round(m(early, 'ms') / m(jsonl, 'ms')), unit: '×', note: `CPU time: ${round(m(early, 'cpuMs') / m(jsonl, 'cpuMs'))} ×` },
    { key: 'evalPlainListMs', label: 'Inspect .eval: item list with every sample read (the list before the early rows; once)', value: round(plain.ms, 0), unit: 'ms', note: `CPU ${round(plain.cpuMs, 0)} ms; ÷ JSONL: ${round(plain.ms / m(jsonl, 'ms'))} ×` },
  ];
}
