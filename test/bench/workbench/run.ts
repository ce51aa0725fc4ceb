import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Frame, Page } from 'playwright-core';
import { openWorkbench, repoRoot, type Workbench } from '../../e2e/workbench';
import { focusWebview } from '../../e2e/helpers';
import { writeSynthetic } from '../synthetic';
import { median, percentile, round } from '../measure';
import type { BenchFigure } from '../registry';
import { writeMarkdownTwin } from './markdownTwin';
import { paintProbeScript, readCommandAt, readMarks, readTrace, type FrameTrace, type PaintMark } from './probe';
import { activationMs } from './activation';
import { keyCosts } from './traceCosts';
import { syntheticMarkdown } from '../sections/render';
import { messageText } from '../../../src/core/messageText';
import { agentItem, chatItem, itemLine } from '../agentItems';

/**
 * npm run bench:workbench [-- --items N] [--runs N] [--presses N] [--pause MS] [--agent-presses N] [--only open,j,markdown,agent] [--trace FILE] [--json]
 *
 * The real workbench (code-server in headless Chromium, as the e2e tests drive it): open → first
 * item painted in the review editor against VS Code's own Markdown preview of a file of the same
 * byte size (alternating, medians), `j` → next item painted (on the synthetic items, and on
 * long-Markdown answers), `j` into an agent item (two 500-step trajectories) against `j` into a
 * chat item of the same byte size (alternating in one file), and the extension's activation time.
 * `--trace FILE` writes a Chromium performance trace of the long-Markdown presses (open it in the
 * DevTools Performance panel: script, style, layout and paint of each `j`) and prints the medians
 * per key of its rendering stages (traceCosts.ts).
 * A benchmark, not a test: it asserts nothing.
 */
function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/**
 * Opens a file from the Explorer: in a text editor (the review editor is an option for .jsonl,
 * not the default). Not Quick Open: it offers the file from its history, in the editor it last had.
 */
async function openInTextEditor(page: Page, path: string, kind: PaintMark['kind']): Promise<void> {
  const name = path.split('/').pop()!;
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).click();
  await page.waitForSelector(`.tab.active[data-resource-name="${name}"]`, { timeout: 30_000 });
  // The keyboard to the editor (a click on the Explorer leaves it there): Ctrl+Shift+V is an editor key.
  // The palette's command needs only the tab active (and a file over the text editor's size limit
  // shows a notice instead of text): its tab takes the keyboard.
  if (kind === 'review' || statSync(path).size > 32 << 20) await page.click(`.tab.active[data-resource-name="${name}"]`);
  else await page.click('.editor-instance .monaco-editor .view-lines');
}

/** Every frame's marks of `kind` drawn after `since`, polled until one shows up. */
async function waitForMark(page: Page, kind: PaintMark['kind'], since: number, timeoutMs = 30_000): Promise<{ mark: PaintMark; frame: Frame }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const marks = await frame.evaluate(readMarks).catch(() => [] as PaintMark[]);
      // A closed editor's frame may linger a moment: only what was drawn since the command counts.
      const mark = marks.find((m) => m.kind === kind && m.at >= since);
      if (mark) return { mark, frame };
    }
    await sleep(100);
  }
  const frames = await Promise.all(page.frames().map(async (f) => `${f.url().slice(-60)}: ${JSON.stringify(await f.evaluate(readMarks).catch(() => 'gone'))}`));
  throw new Error(`no ${kind} paint within ${timeoutMs / 1000} s; frames:\n${frames.join('\n')}`);
}

/** Closes every editor and lets the workbench settle, so each open starts from the same state. */
async function reset(wb: Workbench): Promise<void> {
  await wb.runCommand('View: Close All Editors');
  await wb.page.waitForFunction(() => !document.querySelector('.tabs-container .tab'), undefined, { timeout: 15_000 });
  await sleep(1500);
}

/**
 * One open as a user does it: the file in a text editor, then the command (the review editor's
 * from the palette, the preview's by its key: the palette ranks "Open Locked Preview to the Side"
 * above it); ms from the keydown that runs the command to the first item drawn.
 */
async function timeOpen(wb: Workbench, kind: PaintMark['kind'], file: string): Promise<{ ms: number; frame: Frame; steps: Record<string, number> }> {
  await reset(wb);
  await openInTextEditor(wb.page, file, kind);
  await sleep(500);
  if (kind === 'review') await wb.runCommand('Transcript Review: Open in Review Editor');
  else await wb.page.keyboard.press('Control+Shift+V');
  const commandAt = await wb.page.evaluate(readCommandAt);
  if (commandAt === undefined) throw new Error('the keydown that runs the command was not seen');
  const { mark, frame } = await waitForMark(wb.page, kind, commandAt);
  const trace = await frame.evaluate(readTrace);
  return { ms: mark.at - commandAt, frame, steps: trace ? stepsOf(trace, mark.at, commandAt) : {} };
}

/** Each step of a webview's start as ms after the command, in the order they happen. */
function stepsOf(t: FrameTrace, paintedAt: number, commandAt: number): Record<string, number> {
  const at: [string, number | undefined][] = [
    ['content frame created', t.created],
    ['page written into it', t.written],
    ...Object.entries(t.fetched).map(([name, when]): [string, number] => [`${name} fetched`, when]),
    ...Object.entries(t.sent).map(([type, when]): [string, number] => [`\`${type}\` sent`, when]),
    ...Object.entries(t.received).map(([type, when]): [string, number] => [`\`${type}\` received`, when]),
    ['first item painted', paintedAt],
  ];
  return Object.fromEntries(at.filter((e): e is [string, number] => e[1] !== undefined).map(([k, v]) => [k, Math.round(v - commandAt)]));
}

/** The median of each step over runs (steps some run lacks are left out). */
function medianSteps(runs: readonly Record<string, number>[]): Record<string, number> {
  const keys = Object.keys(runs[0] ?? {}).filter((k) => runs.every((r) => k in r));
  return Object.fromEntries(keys.map((k) => [k, Math.round(median(runs.map((r) => r[k]!)))] as const).sort((a, b) => a[1] - b[1]));
}

/**
 * `j` pressed once per id of `ids` (the items that follow the one shown); ms from each keydown to
 * the frame drawing its item (its animation frame, after the view's row alignment), and to that
 * frame's rendering done (`painted`: style, layout and paint).
 */
async function timeNext(frame: Frame, page: Page, ids: readonly string[], pauseMs: number): Promise<number[] & { painted: number[] }> {
  await focusWebview(frame);
  const times = Object.assign([] as number[], { painted: [] as number[] });
  for (let i = 1; i <= ids.length; i++) {
    // A reader's pause after each item (0: back to back, as when the key is held).
    if (pauseMs > 0) await sleep(pauseMs);
    const before = (await frame.evaluate(readMarks)).length;
    await page.keyboard.press('j');
    const mark = await frame
      .waitForFunction((n) => {
        const m = (window as unknown as { __benchMarks?: PaintMark[] }).__benchMarks ?? [];
        const last = m.length > n ? m[m.length - 1] : undefined;
        return last?.paintedAt === undefined ? undefined : last;
      }, before, { timeout: 120_000 })
      .then((h) => h.jsonValue() as Promise<PaintMark>);
    if (mark.id !== ids[i - 1]) throw new Error(`j #${i} showed ${mark.id}, not ${ids[i - 1]}`);
    if (mark.keyAt === undefined) throw new Error(`j #${i}: the webview saw no keydown`);
    times.push(mark.frameAt - mark.keyAt);
    times.painted.push(mark.paintedAt! - mark.keyAt);
  }
  return times;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const items = option('items', 200);
  const runs = option('runs', 5);
  const presses = option('presses', 100);
  const agentPresses = option('agent-presses', 6);
  const pause = option('pause', 0);
  const traceAt = process.argv.indexOf('--trace');
  const trace = traceAt > 0 ? process.argv[traceAt + 1] : undefined;
  const onlyAt = process.argv.indexOf('--only');
  const only = new Set(onlyAt > 0 ? (process.argv[onlyAt + 1] ?? '').split(',') : ['open', 'j', 'markdown', 'agent']);
  const log = (line: string) => void (json || process.stderr.write(line + '\n'));

  // The bundles as the .vsix ships them (minified): what a user's workbench loads.
  log('building dist/ (production)…');
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: repoRoot, stdio: 'ignore' });
  const webviewKB = Math.round(statSync(join(repoRoot, 'dist', 'webview.js')).size / 1024);
  const dir = mkdtempSync(join(tmpdir(), 'transcript-review-bench-'));
  const jsonl = join(dir, 'bench-items.jsonl');
  const md = join(dir, 'bench-items.md');
  await writeSynthetic(jsonl, Infinity, 1, Math.max(items, presses + 1));
  const bytes = statSync(jsonl).size;
  writeMarkdownTwin(jsonl, md);
  log(`${items} items, ${(bytes / 2 ** 20).toFixed(1)} MiB (and a Markdown file of the same size); load average ${load()}`);
  // Long Markdown answers (AlpacaEval-like: headings, lists, a table, code), one item per `j`.
  const mdItems = join(dir, 'bench-markdown.jsonl');
  const mdList = syntheticMarkdown(presses + 1);
  writeFileSync(mdItems, mdList.map((it) => itemLine(it) + '\n').join(''));
  const mdChars = mdList.flatMap((it) => it.sides.map((sd) => sd.messages.map((m) => messageText(m)).join('').length)).sort((a, b) => a - b);
  // Chat and agent items of the same byte size, alternating: each `j` goes into one of the other kind.
  const agentFile = join(dir, 'bench-agent.jsonl');
  const agentBytes = itemLine(agentItem('agent')).length;
  const agentLines = Array.from({ length: agentPresses * 2 + 1 }, (_, i) => itemLine(i % 2 ? agentItem(`agent-${i}`) : chatItem(`chat-${i}`, agentBytes)));
  writeFileSync(agentFile, agentLines.map((l) => l + '\n').join(''));
  const chatBytes = agentLines[0]!.length;
  const loadBefore = load();

  const started = Date.now();
  const wb = await openWorkbench({ workspace: dir });
  try {
    // Frames to come get the probe as they load; the page already loaded gets it now.
    await wb.page.addInitScript({ content: paintProbeScript });
    await wb.page.evaluate(paintProbeScript);
    const workbenchMs = Date.now() - started;
    // With the opens: the Running Extensions view is one more thing to wait on under load.
    const activation = only.has('open') ? await activationMs(wb) : { ms: NaN, source: 'not measured' };
    log(`workbench up in ${workbenchMs} ms; extension activated in ${activation.ms} ms (${activation.source})`);

    // One unmeasured open of each first: the first webview of a session registers the service worker.
    await timeOpen(wb, 'review', jsonl);
    const review: number[] = [];
    const markdown: number[] = [];
    const reviewSteps: Record<string, number>[] = [];
    const markdownSteps: Record<string, number>[] = [];
    if (only.has('open')) {
      await timeOpen(wb, 'markdown', md);
      for (let r = 0; r < runs; r++) {
        // Alternating, each starting first on every other run, so drift in the machine's load hits both alike.
        const order = r % 2 ? (['markdown', 'review'] as const) : (['review', 'markdown'] as const);
        for (const kind of order) {
          if (kind === 'review') {
            const t = await timeOpen(wb, 'review', jsonl);
            review.push(t.ms);
            reviewSteps.push(t.steps);
          } else {
            const t = await timeOpen(wb, 'markdown', md);
            markdown.push(t.ms);
            markdownSteps.push(t.steps);
          }
        }
        log(`run ${r + 1}: review ${review.at(-1)} ms, markdown preview ${markdown.at(-1)} ms`);
      }
    }

    const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
    let next = Object.assign([] as number[], { painted: [] as number[] });
    if (only.has('j')) {
      log(`j × ${presses}…`);
      next = await timeNext((await timeOpen(wb, 'review', jsonl)).frame, wb.page, ids('item-', presses), pause);
      log(`  p50 ${percentile(next, 50).toFixed(1)} / p99 ${percentile(next, 99).toFixed(1)} ms (painted ${percentile(next.painted, 50).toFixed(1)} / ${percentile(next.painted, 99).toFixed(1)}); load average ${load()}`);
    }
    let nextMd = Object.assign([] as number[], { painted: [] as number[] });
    if (only.has('markdown')) {
      log(`j × ${presses} on long-Markdown items…`);
      const frame = (await timeOpen(wb, 'review', mdItems)).frame;
      const browser = trace ? wb.page.context().browser() : null;
      await browser?.startTracing(wb.page, { categories: ['devtools.timeline', 'blink.console', 'v8.execute', 'disabled-by-default-v8.cpu_profiler'] });
      nextMd = await timeNext(frame, wb.page, ids('md-', presses), pause);
      if (browser && trace) {
        const written = (await browser.stopTracing()).toString('utf8');
        writeFileSync(trace, written);
        const c = keyCosts(written);
        log(`  traced, medians of ${c.keys} keys: style ${c.style} ms (${c.elementsStyled} elements), layout ${c.layout}, pre-paint ${c.prePaint}, paint ${c.paint}, layerize ${c.layerize} ms`);
      }
      log(`  p50 ${percentile(nextMd, 50).toFixed(1)} / p99 ${percentile(nextMd, 99).toFixed(1)} ms (painted ${percentile(nextMd.painted, 50).toFixed(1)} / ${percentile(nextMd.painted, 99).toFixed(1)}); load average ${load()}`);
    }
    const intoAgent: number[] = [];
    const intoChat: number[] = [];
    if (only.has('agent')) {
      log(`j × ${agentPresses * 2}, alternating chat and agent items of ${(agentBytes / 2 ** 20).toFixed(2)} MiB…`);
      const order = agentLines.slice(1).map((_, i) => (i % 2 ? `chat-${i + 1}` : `agent-${i + 1}`));
      const times = await timeNext((await timeOpen(wb, 'review', agentFile)).frame, wb.page, order, pause);
      times.forEach((t, i) => (order[i]!.startsWith('agent') ? intoAgent : intoChat).push(t));
      log(`  into agent p50 ${percentile(intoAgent, 50).toFixed(0)} ms, into chat p50 ${percentile(intoChat, 50).toFixed(0)} ms; load average ${load()}`);
    }
    const loadAfter = load();

    const reviewMs = median(review);
    const markdownMs = median(markdown);
    // What each editor does once VS Code has its webview up: from its page written to the first item drawn.
    const own = (steps: Record<string, number>[]) => round(median(steps.map((r) => (r['first item painted'] ?? NaN) - (r['page written into it'] ?? NaN))), 0);
    const p = (xs: number[], q: number) => round(percentile(xs, q), 1);
    const figures: BenchFigure[] = [
      { key: 'reviewOpenFirstItemMs', label: `Open in Review Editor → first item painted (median of ${runs})`, value: round(reviewMs, 0), unit: 'ms', note: `runs: ${review.join(', ')}` },
      { key: 'markdownPreviewFirstPaintMs', label: `Markdown: Open Preview → first heading painted, same bytes (median of ${runs})`, value: round(markdownMs, 0), unit: 'ms', note: `runs: ${markdown.join(', ')}` },
      { key: 'reviewVsMarkdown', label: 'review editor ÷ Markdown preview', value: round(reviewMs / markdownMs), unit: '×', note: 'target ≤ 1.5' },
      { key: 'reviewPageToItemMs', label: 'review editor: its page written → first item painted (median)', value: own(reviewSteps), unit: 'ms', note: 'the part after VS Code has the webview up' },
      { key: 'markdownPageToPaintMs', label: 'Markdown preview: its page written → first heading painted (median)', value: own(markdownSteps), unit: 'ms' },
      { key: 'nextItemP50Ms', label: `\`j\` → next item painted p50 (${presses} presses, ${pause} ms apart)`, value: p(next, 50), unit: 'ms' },
      { key: 'nextItemP99Ms', label: '`j` → next item painted p99', value: p(next, 99), unit: 'ms', note: 'a frame at 60 Hz is 16.7 ms' },
      { key: 'nextMarkdownP50Ms', label: `\`j\` → next item painted p50, long-Markdown answers (${presses} presses)`, value: p(nextMd, 50), unit: 'ms', note: `answers p50 ${mdChars[mdChars.length >> 1] ?? 0} / max ${mdChars.at(-1) ?? 0} characters` },
      { key: 'nextMarkdownP99Ms', label: '`j` → next item painted p99, long-Markdown answers', value: p(nextMd, 99), unit: 'ms', note: 'a frame at 60 Hz is 16.7 ms' },
      { key: 'nextItemPaintedP50Ms', label: '`j` → that frame rendered (style, layout, paint done) p50', value: p(next.painted, 50), unit: 'ms' },
      { key: 'nextItemPaintedP99Ms', label: '`j` → that frame rendered p99', value: p(next.painted, 99), unit: 'ms' },
      { key: 'nextMarkdownPaintedP50Ms', label: '`j` → that frame rendered p50, long-Markdown answers', value: p(nextMd.painted, 50), unit: 'ms' },
      { key: 'nextMarkdownPaintedP99Ms', label: '`j` → that frame rendered p99, long-Markdown answers', value: p(nextMd.painted, 99), unit: 'ms' },
      { key: 'nextAgentP50Ms', label: `\`j\` into an agent item (2 × 500 steps, 5 KB results) p50 (${intoAgent.length} presses)`, value: p(intoAgent, 50), unit: 'ms', note: `${(agentBytes / 2 ** 20).toFixed(2)} MiB an item` },
      { key: 'nextAgentP99Ms', label: '`j` into an agent item p99', value: p(intoAgent, 99), unit: 'ms' },
      { key: 'nextChatP50Ms', label: `\`j\` into a chat item of the same size p50 (${intoChat.length} presses, alternating)`, value: p(intoChat, 50), unit: 'ms', note: `${(chatBytes / 2 ** 20).toFixed(2)} MiB an item, 500 messages a side` },
      { key: 'nextChatP99Ms', label: '`j` into the chat item p99', value: p(intoChat, 99), unit: 'ms' },
      { key: 'agentVsChatP50', label: '`j` into agent ÷ into chat (p50)', value: round(percentile(intoAgent, 50) / percentile(intoChat, 50)), unit: '×', note: 'same run' },
      { key: 'agentVsChatP99', label: '`j` into agent ÷ into chat (p99)', value: round(percentile(intoAgent, 99) / percentile(intoChat, 99)), unit: '×', note: 'same run' },
      { key: 'activationMs', label: `extension activation (${activation.source})`, value: activation.ms, unit: 'ms' },
      { key: 'webviewBundleKB', label: 'dist/webview.js (minified)', value: webviewKB, unit: 'KB' },
      { key: 'workbenchMs', label: 'workbench up (server start → workbench shown)', value: workbenchMs, unit: 'ms' },
    ];
    // A case left out (--only) has no figures.
    const shown = figures.filter((f) => Number.isFinite(f.value));
    if (json) {
      const o = Object.fromEntries(shown.map((f) => [f.key, f.value]));
      process.stdout.write(JSON.stringify({ items, bytes, runs, presses, loadBefore, loadAfter, ...o, reviewSteps: medianSteps(reviewSteps), markdownSteps: medianSteps(markdownSteps) }) + '\n');
      return;
    }
    const rows = [`| workbench: ${items} items, ${(bytes / 2 ** 20).toFixed(1)} MiB | value | target / note |`, '| --- | ---: | --- |'];
    for (const f of shown) rows.push(`| ${f.label} | ${f.value}${f.unit ? ` ${f.unit}` : ''} | ${f.note ?? ''} |`);
    rows.push(`| load average (1, 5, 15 min) before / after | ${loadBefore} / ${loadAfter} | 2 cores |`);
    for (const [title, steps] of [['review editor', reviewSteps], ['Markdown preview', markdownSteps]] as const) {
      if (!steps.length) continue;
      rows.push('', `| where the time goes: ${title} | ms after the command (median) |`, '| --- | ---: |');
      for (const [step, ms] of Object.entries(medianSteps(steps))) rows.push(`| ${step} | ${ms} |`);
    }
    process.stdout.write(rows.join('\n') + '\n');
  } catch (e) {
    process.stderr.write(`screenshot: ${await wb.screenshot('bench-workbench-failure')}\n`);
    throw e;
  } finally {
    await wb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:workbench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
