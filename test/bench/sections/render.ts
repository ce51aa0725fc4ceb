import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { openSource } from '../../../src/node/input';
import { alignTurns } from '../../../src/core/diff/align';
import { wordDiff } from '../../../src/core/diff/wordDiff';
import { messageText } from '../../../src/core/messageText';
import type { ReviewItem } from '../../../src/core/schema';
import type { BenchSection } from '../registry';
import { percentile, round } from '../measure';

const repoRoot = join(__dirname, '..', '..', '..');

/** Seeded Markdown answers the size of AlpacaEval's (median ~1.9k characters): headings, lists, code, a table. */
export function syntheticMarkdown(n: number): ReviewItem[] {
  let s = 11;
  const rnd = (k: number) => (s = (s * 1103515245 + 12345) & 0x7fffffff) % k;
  const words = ['the', 'model', '**should**', 'verify', 'each', '`step`', 'before', 'it', '*answers*', 'patients', 'carefully', 'and', 'with', 'care', '[sources](https://example.com)'];
  const sentence = () => Array.from({ length: 8 + rnd(12) }, () => words[rnd(words.length)]).join(' ') + '.';
  const answer = () =>
    [
      `## ${sentence()}`,
      sentence() + ' ' + sentence(),
      ...Array.from({ length: 4 + rnd(4) }, (_, i) => `${i + 1}. ${sentence()}\n   - ${sentence()}`),
      '| Option | Effect | Risk |\n| --- | --- | --- |\n' + Array.from({ length: 4 }, () => `| ${sentence()} | **${rnd(100)} %** | low |`).join('\n'),
      '```python\n' + Array.from({ length: 6 + rnd(6) }, (_, i) => `def step_${i}(x):\n    return x * ${rnd(9)}  # ${sentence()}`).join('\n') + '\n```',
      '> ' + sentence() + ' ' + sentence(),
      sentence() + ' ' + sentence(),
    ].join('\n\n');
  return Array.from({ length: n }, (_, i) => ({
    id: `md-${i}`,
    prompt: [{ role: 'user', content: sentence() }],
    sides: [
      { name: 'baseline', model: 'a', messages: [{ role: 'assistant', content: answer() }] },
      { name: 'trained', model: 'b', messages: [{ role: 'assistant', content: answer() }] },
    ],
    metadata: {},
  }));
}

async function fileItems(file: string, max: number): Promise<ReviewItem[]> {
  const opened = await openSource(file);
  await opened.source.build();
  const out: ReviewItem[] = [];
  for await (const r of opened.source.items()) {
    if (r.item) out.push(r.item);
    if (out.length >= max) break;
  }
  await opened.close();
  return out;
}

/** What the host sends for an item: the item, its aligned turns and row diffs. */
export function didShow(item: ReviewItem, index: number, count: number): unknown {
  const turns = alignTurns(item.sides[0].messages, item.sides[1].messages);
  const diffs = [];
  for (const [l, r] of turns) {
    if (l === null || r === null) continue;
    const a = item.sides[0].messages[l]!;
    const b = item.sides[1].messages[r]!;
    if (a.role !== 'assistant' || b.role !== 'assistant') continue;
    diffs.push({ left: l, right: r, content: wordDiff(messageText(a), messageText(b)), ...(a.reasoning && b.reasoning ? { reasoning: wordDiff(a.reasoning, b.reasoning) } : {}) });
  }
  return { type: 'item/didShow', index, count, line: index + 1, item, turns, diffs, notes: [], errors: [], labels: [], others: [] };
}

/**
 * Item switch in the webview itself (the bundle in headless Chromium, fed the host's messages):
 * from `item/didShow` to rendered DOM with layout done, for Markdown-heavy items rendered and the
 * same items with Raw on, interleaved in one run. `BENCH_MARKDOWN_FILE` swaps in a real file.
 */
export const renderSection: BenchSection = {
  name: 'render',
  title: 'Item switch in the webview (Markdown rendered vs raw)',
  async run(ctx) {
    ctx.log('render: webview item switch, Markdown vs raw…');
    const file = process.env.BENCH_MARKDOWN_FILE;
    const items = file ? await fileItems(file, 300) : syntheticMarkdown(200);
    const chars = items.flatMap((i) => i.sides.flatMap((s) => s.messages.map((m) => messageText(m).length))).sort((a, b) => a - b);
    const built = await esbuild.build({ entryPoints: [join(repoRoot, 'webview/main.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', minify: true, write: false, logLevel: 'silent' });
    const script = built.outputFiles[0]!.text;
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
      await page.setContent('<!DOCTYPE html><html><head></head><body><div id="root"></div></body></html>');
      await page.addStyleTag({ content: readFileSync(join(repoRoot, 'media/review.css'), 'utf8') });
      // Page code as strings: tsx would add helpers (`__name`) to functions that the page does not have.
      // What the view sends is kept: `j` is answered as the host answers it (item/didMove).
      await page.evaluate('window.__sent = []; window.acquireVsCodeApi = () => ({ postMessage(m) { window.__sent.push(m); }, getState() {}, setState() {} })');
      await page.addScriptTag({ content: script });
      const view = { diff: true, syncScroll: true, blind: false, swapped: false, showOthers: false, raw: false };
      const taxonomy = { traits: [{ id: 't', label: 'T', description: '', key: '1', color: '#e51400' }], severities: ['minor', 'major'], flags: [] };
      const init = { type: 'document/didInit', fileName: 'bench', annotator: 'bench', taxonomy, defaultSeverity: 'major', blindSeed: 1, view, position: 0, problems: [], keys: [] };
      await page.evaluate(`window.dispatchEvent(new MessageEvent('message', { data: ${JSON.stringify(init)} }))`);
      await page.evaluate(`window.__items = ${JSON.stringify(items.map((it, i) => didShow(it, i, items.length)))}`);
      const pass = (raw: boolean) =>
        page.evaluate(`(() => {
          const send = (data) => window.dispatchEvent(new MessageEvent('message', { data }));
          send({ type: 'view/didChange', view: ${JSON.stringify({ ...view, raw })} });
          const times = [];
          for (const m of window.__items) {
            const t = performance.now();
            send(m);
            // Style and layout of the new item, as the next frame would do them.
            void document.getElementById('root').getBoundingClientRect().height;
            times.push(performance.now() - t);
          }
          return times;
        })()`) as Promise<number[]>;
      const md: number[] = [];
      const raw: number[] = [];
      await pass(false); // warm-up: JIT and fonts
      for (let r = 0; r < 2; r++) {
        md.push(...(await pass(false)));
        raw.push(...(await pass(true)));
      }
      // `j` as a reader presses it: the next item sent ahead, a pause, the key. The view's work is
      // the key's handler and the next frame's callbacks up to its layout done (the wait for the
      // frame itself left out: it is the display's, not the view's).
      await page.evaluate(`window.dispatchEvent(new MessageEvent('message', { data: { type: 'view/didChange', view: ${JSON.stringify(view)} } }))`);
      const jPresses = Math.min(items.length - 1, Number(process.env.BENCH_J_PRESSES ?? 60));
      const keyWork = (await page.evaluate(`(async () => {
        const send = (data) => window.dispatchEvent(new MessageEvent('message', { data }));
        const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
        const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
        const items = window.__items;
        send(items[0]);
        await frame();
        const times = [];
        for (let i = 1; i <= ${jPresses}; i++) {
          send({ ...items[i], type: 'item/ahead', key: 'k' + i });
          await sleep(${Number(process.env.BENCH_J_PAUSE ?? 400)});
          let frameStart = 0;
          requestAnimationFrame(() => void (frameStart = performance.now()));
          const t0 = performance.now();
          window.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', code: 'KeyJ', bubbles: true }));
          const t1 = performance.now();
          const done = await new Promise((r) => requestAnimationFrame(() => { void document.getElementById('root').getBoundingClientRect().height; r(performance.now()); }));
          if (document.querySelector('[data-item]')?.getAttribute('data-item') !== items[i].item.id) throw new Error('j #' + i + ' did not show ' + items[i].item.id);
          times.push(t1 - t0 + (done - frameStart));
          const asked = window.__sent.filter((m) => m.type === 'item/show').at(-1);
          send({ type: 'item/didMove', requestId: asked.requestId, index: i, count: items.length, line: i + 1, notes: [], errors: [], labels: [], others: [] });
        }
        return times;
      })()`)) as number[];
      const note = `${items.length} items${file ? ` from ${file.split('/').pop()}` : ' (synthetic Markdown)'}, message length p50 ${chars[chars.length >> 1]} / max ${chars[chars.length - 1]} chars`;
      return [
        { key: 'renderMdP50Ms', label: 'item switch in the webview, Markdown rendered, p50', value: round(percentile(md, 50), 1), unit: 'ms', note: `same items raw: ${round(percentile(raw, 50), 1)} ms; ${note}` },
        { key: 'renderMdP99Ms', label: 'item switch in the webview, Markdown rendered, p99', value: round(percentile(md, 99), 1), unit: 'ms', note: `same items raw: ${round(percentile(raw, 99), 1)} ms` },
        { key: 'renderJP50Ms', label: '`j` to the item sent ahead, the view\'s work (key handler + next frame to layout done), p50', value: round(percentile(keyWork, 50), 1), unit: 'ms', note: `${keyWork.length} presses, Markdown rendered; a frame is 16.7 ms` },
        { key: 'renderJP99Ms', label: '`j` to the item sent ahead, the view\'s work, p99', value: round(percentile(keyWork, 99), 1), unit: 'ms' },
        { key: 'renderRawP50Ms', label: 'item switch in the webview, raw, p50', value: round(percentile(raw, 50), 1), unit: 'ms' },
        { key: 'renderRawP99Ms', label: 'item switch in the webview, raw, p99', value: round(percentile(raw, 99), 1), unit: 'ms' },
      ];
    } finally {
      await browser.close();
    }
  },
};
