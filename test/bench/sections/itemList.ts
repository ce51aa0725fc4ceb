import type { BenchSection } from '../registry';
import { median, round, runWorker } from '../measure';

interface ListResult {
  firstMs: number;
  firstCpuMs: number;
  reopenMs: number;
  items: number;
  unpackMs: number;
  cloneMs: number;
  rssMB: number;
}

interface Timed {
  ms: number;
  cpuMs: number;
}

/** The item list: summaries on worker threads on a first open, and from the cache on a reopen, against the JSON.parse loop. */
export const itemListSection: BenchSection = {
  name: 'itemList',
  title: 'Item list',
  async run(ctx) {
    const lists: ListResult[] = [];
    const loop: Timed[] = [];
    for (let r = 0; r < ctx.repeats; r++) {
      ctx.log(`item list: run ${r + 1} of ${ctx.repeats}…`);
      loop.push(await runWorker<Timed>('jsonLoop', [ctx.file]));
      lists.push(await runWorker<ListResult>('itemList', [ctx.file, ctx.scanWorker]));
    }
    if (lists[0]!.items !== ctx.items) throw new Error(`the item list has ${lists[0]!.items} items of ${ctx.items}`);
    const first = median(lists.map((x) => x.firstMs));
    const l = median(loop.map((x) => x.ms));
    return [
      { key: 'itemListFirstMs', label: 'item list ready, first open (index + summaries on worker threads)', value: round(first, 0), unit: 'ms' },
      { key: 'itemListScanVsJsonLoop', label: 'item list, first open ÷ JSON.parse loop', value: round(first / l), unit: '×', note: `loop: ${round(l, 0)} ms; target ≤ 0.75 (summaries overlap the index, packed across threads)` },
      { key: 'itemListThreads', label: 'item list, first open: CPU time ÷ wall time (threads busy at once)', value: round(median(lists.map((x) => x.firstCpuMs / x.firstMs))), unit: '×', note: 'near 2 when the second core is free' },
      { key: 'itemListCpuVsJsonLoop', label: 'item list, first open: CPU time ÷ the loop’s', value: round(median(lists.map((x) => x.firstCpuMs)) / median(loop.map((x) => x.cpuMs))), unit: '×' },
      { key: 'reopenListReadyMs', label: 'item list ready, the same unchanged file opened again (cache)', value: round(median(lists.map((x) => x.reopenMs)), 0), unit: 'ms', note: `target ≤ 250 for 119,614 items (${ctx.items.toLocaleString('en-US')} here)` },
      {
        key: 'packedVsCloneRead',
        label: 'the summaries read back packed ÷ as the cache read them before (v8 clone + a check per summary), CPU time',
        value: round(median(lists.map((x) => x.unpackMs)) / median(lists.map((x) => x.cloneMs))),
        unit: '×',
        note: `packed ${round(median(lists.map((x) => x.unpackMs)), 0)} ms, clone ${round(median(lists.map((x) => x.cloneMs)), 0)} ms; below 1: the packed form is faster`,
      },
      { key: 'itemListRssMB', label: 'peak RSS of the item list run', value: round(Math.max(...lists.map((x) => x.rssMB)), 0), unit: 'MB' },
    ];
  },
};
