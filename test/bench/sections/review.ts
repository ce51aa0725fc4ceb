import { openSource } from '../../../src/node/input';
import { summarizeItem, matches } from '../../../src/core/review/itemSummary';
import { diffBudget, layOut, PreparedItems } from '../../../src/core/review/preparedItems';
import type { BenchSection } from '../registry';
import { percentile, round } from '../measure';

/** A reader's pause between two presses of `j` (key repeat is ~33 ms; reading an item takes seconds). */
const pauseMs = 50;

/**
 * What the editor does per keypress `j` (the session's prepared items: read, align, diff, with
 * the neighbours prepared after each show), a cold jump to a random item (nothing prepared)
 * against the item read alone, and the item list's single-threaded summary scan and filtering.
 */
export const reviewSection: BenchSection = {
  name: 'review',
  title: 'Item switch and item list',
  async run(ctx) {
    ctx.log('review: item switch and item list…');
    const opened = await openSource(ctx.file);
    const { source } = opened;
    await source.build();
    const n = source.count;
    // The editor shows item 0 when it opens a file and prepares item 1 after it, so a jump never runs the alignment
    // and diff code for the first time in the process: the same here, through the same prepared items (item 0's time is
    // reported on its own, not as a jump).
    const opening = new PreparedItems((i) => source.item(i), () => 0);
    const t0 = performance.now();
    const first = await opening.get(0);
    const openingMs = performance.now() - t0;
    await opening.prefetch(0, n);
    // Their diffs over the budget too, so none is drawn during a timed jump.
    await Promise.all([first.rest, n > 1 ? (await opening.get(1)).rest : undefined]);
    opening.clear();
    const read: number[] = [];
    const full: number[] = [];
    // The old cold jump: every diff before the item is shown (the baseline, same items, same run).
    const allDiffs: number[] = [];
    // Diffs over the budget, drawn after the item is shown.
    const after: number[] = [];
    let deferred = 0;
    let seed = 3;
    for (let k = 0; k < 300; k++) {
      const i = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
      let t = performance.now();
      await source.item(i);
      read.push(performance.now() - t);
      // What a jump waits for before the item is shown: read, align, the diffs within the budget.
      t = performance.now();
      const shown = layOut(await source.item(i), diffBudget);
      full.push(performance.now() - t);
      if (shown.rest) {
        deferred++;
        t = performance.now();
        await shown.rest;
        after.push(performance.now() - t);
      }
      t = performance.now();
      layOut(await source.item(i));
      allDiffs.push(performance.now() - t);
    }
    // `j` through 200 items from a random start, as ReviewSession.read does it.
    const prepared = new PreparedItems((i) => source.item(i), () => 0);
    const presses: number[] = [];
    const from = Math.floor(n / 3);
    for (let k = 0; k < 200 && from + k < n; k++) {
      const t = performance.now();
      await prepared.get(from + k);
      presses.push(performance.now() - t);
      void prepared.prefetch(from + k, n);
      await new Promise((r) => setTimeout(r, pauseMs));
    }
    let t = performance.now();
    const summaries = [];
    for await (const r of source.items()) if (r.item) summaries.push(summarizeItem(r.index, r.item));
    const scanMs = performance.now() - t;
    t = performance.now();
    let hits = 0;
    for (let k = 0; k < 10; k++) for (const s of summaries) if (matches(s, [], { domain: 'healthcare', status: 'unlabeled' })) hits++;
    const filterMs = (performance.now() - t) / 10;
    await opened.close();
    return [
      { key: 'switchP50Ms', label: `item switch \`j\` (prepared ahead; ${pauseMs} ms between presses) p50`, value: round(percentile(presses, 50), 2), unit: 'ms' },
      { key: 'switchP99Ms', label: 'item switch `j` p99', value: round(percentile(presses, 99), 2), unit: 'ms', note: 'target < 20' },
      { key: 'coldSwitchP50Ms', label: 'jump to a random item until shown (read + align + diffs within budget, nothing prepared) p50', value: round(percentile(full, 50), 2), unit: 'ms', note: `item read alone: ${round(percentile(read, 50), 2)} ms; every diff first: ${round(percentile(allDiffs, 50), 2)} ms` },
      { key: 'coldSwitchP99Ms', label: 'jump to a random item until shown p99', value: round(percentile(full, 99), 2), unit: 'ms', note: `target ≤ 10; item read alone: ${round(percentile(read, 99), 2)} ms; every diff first: ${round(percentile(allDiffs, 99), 2)} ms (${round(percentile(allDiffs, 99) / percentile(full, 99), 1)}×)` },
      { key: 'openingItemMs', label: 'item 0 as the editor shows it on opening (read + align + diffs within budget: the first run of that code in the process), before the jumps', value: round(openingMs, 2), unit: 'ms' },
      { key: 'coldSwitchAllDiffsP99Ms', label: 'jump to a random item with every diff before it is shown (the previous way) p99', value: round(percentile(allDiffs, 99), 2), unit: 'ms' },
      { key: 'coldSwitchLaterDiffsP99Ms', label: 'diffs over the budget, drawn after the item is shown, p99', value: round(after.length ? percentile(after, 99) : 0, 2), unit: 'ms', note: `${deferred} of 300 jumps had some` },
      { key: 'itemListScanMs', label: `item list: summaries of ${summaries.length.toLocaleString('en-US')} items (once per file)`, value: round(scanMs, 0), unit: 'ms' },
      { key: 'itemListFilterMs', label: 'item list: one filter over all summaries', value: round(filterMs, 1), unit: 'ms', note: `${hits / 10} matches; 200 rows rendered per page` },
    ];
  },
};
