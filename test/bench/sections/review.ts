import { openSource } from '../../../src/node/input';
import { alignTurns } from '../../../src/core/diff/align';
import { wordDiff } from '../../../src/core/diff/wordDiff';
import { messageText } from '../../../src/core/messageText';
import { summarizeItem, matches } from '../../../src/core/review/itemSummary';
import { PreparedItems } from '../../../src/core/review/preparedItems';
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
    const read: number[] = [];
    const full: number[] = [];
    let seed = 3;
    for (let k = 0; k < 300; k++) {
      const i = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
      let t = performance.now();
      const r = await source.item(i);
      read.push(performance.now() - t);
      t = performance.now();
      const again = await source.item(i);
      const item = again.item ?? r.item;
      if (item) {
        for (const [l, rr] of alignTurns(item.sides[0].messages, item.sides[1].messages)) {
          if (l === null || rr === null) continue;
          wordDiff(messageText(item.sides[0].messages[l]!), messageText(item.sides[1].messages[rr]!));
        }
      }
      full.push(performance.now() - t);
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
      { key: 'coldSwitchP50Ms', label: 'jump to a random item (read + align + diff, nothing prepared) p50', value: round(percentile(full, 50), 2), unit: 'ms', note: `item read alone: ${round(percentile(read, 50), 2)} ms` },
      { key: 'coldSwitchP99Ms', label: 'jump to a random item p99', value: round(percentile(full, 99), 2), unit: 'ms', note: `item read alone: ${round(percentile(read, 99), 2)} ms` },
      { key: 'itemListScanMs', label: `item list: summaries of ${summaries.length.toLocaleString('en-US')} items (once per file)`, value: round(scanMs, 0), unit: 'ms' },
      { key: 'itemListFilterMs', label: 'item list: one filter over all summaries', value: round(filterMs, 1), unit: 'ms', note: `${hits / 10} matches; 200 rows rendered per page` },
    ];
  },
};
