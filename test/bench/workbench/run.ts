import { mkdtempSync, rmSync, statSync } from 'node:fs';
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

/**
 * npm run bench:workbench [-- --items N] [--runs N] [--presses N] [--json]
 *
 * The real workbench (code-server in headless Chromium, as the e2e tests drive it): open → first
 * item painted in the review editor against VS Code's own Markdown preview of a file of the same
 * byte size (alternating, medians), `j` → next item painted, and the extension's activation time.
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
async function openInTextEditor(page: Page, path: string): Promise<void> {
  const name = path.split('/').pop()!;
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).click();
  await page.waitForSelector(`.tab.active[data-resource-name="${name}"]`, { timeout: 30_000 });
  // The keyboard to the editor (a click on the Explorer leaves it there): Ctrl+Shift+V is an editor key.
  await page.click('.editor-instance .monaco-editor .view-lines');
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
  await openInTextEditor(wb.page, file);
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

/** `j` pressed `presses` times in the review editor; ms from each keydown to the frame drawing the next item. */
async function timeNext(frame: Frame, page: Page, presses: number): Promise<number[]> {
  await focusWebview(frame);
  const times: number[] = [];
  for (let i = 1; i <= presses; i++) {
    const before = (await frame.evaluate(readMarks)).length;
    await page.keyboard.press('j');
    const mark = await frame
      .waitForFunction((n) => {
        const m = (window as unknown as { __benchMarks?: PaintMark[] }).__benchMarks ?? [];
        return m.length > n ? m[m.length - 1] : undefined;
      }, before, { timeout: 15_000 })
      .then((h) => h.jsonValue() as Promise<PaintMark>);
    if (mark.id !== `item-${i}`) throw new Error(`j #${i} showed ${mark.id}, not item-${i}`);
    if (mark.keyAt === undefined) throw new Error(`j #${i}: the webview saw no keydown`);
    times.push(mark.frameAt - mark.keyAt);
  }
  return times;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const items = option('items', 200);
  const runs = option('runs', 5);
  const presses = option('presses', 100);
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
  const loadBefore = load();

  const started = Date.now();
  const wb = await openWorkbench({ workspace: dir });
  try {
    // Frames to come get the probe as they load; the page already loaded gets it now.
    await wb.page.addInitScript({ content: paintProbeScript });
    await wb.page.evaluate(paintProbeScript);
    const workbenchMs = Date.now() - started;
    const activation = await activationMs(wb);
    log(`workbench up in ${workbenchMs} ms; extension activated in ${activation.ms} ms (${activation.source})`);

    // One unmeasured open of each first: the first webview of a session registers the service worker.
    await timeOpen(wb, 'review', jsonl);
    await timeOpen(wb, 'markdown', md);
    const review: number[] = [];
    const markdown: number[] = [];
    const reviewSteps: Record<string, number>[] = [];
    const markdownSteps: Record<string, number>[] = [];
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

    log(`j × ${presses}…`);
    const next = await timeNext((await timeOpen(wb, 'review', jsonl)).frame, wb.page, presses);
    const loadAfter = load();

    const reviewMs = median(review);
    const markdownMs = median(markdown);
    // What each editor does once VS Code has its webview up: from its page written to the first item drawn.
    const own = (steps: Record<string, number>[]) => round(median(steps.map((r) => (r['first item painted'] ?? NaN) - (r['page written into it'] ?? NaN))), 0);
    const figures: BenchFigure[] = [
      { key: 'reviewOpenFirstItemMs', label: `Open in Review Editor → first item painted (median of ${runs})`, value: round(reviewMs, 0), unit: 'ms', note: `runs: ${review.join(', ')}` },
      { key: 'markdownPreviewFirstPaintMs', label: `Markdown: Open Preview → first heading painted, same bytes (median of ${runs})`, value: round(markdownMs, 0), unit: 'ms', note: `runs: ${markdown.join(', ')}` },
      { key: 'reviewVsMarkdown', label: 'review editor ÷ Markdown preview', value: round(reviewMs / markdownMs), unit: '×', note: 'target ≤ 1.5' },
      { key: 'reviewPageToItemMs', label: 'review editor: its page written → first item painted (median)', value: own(reviewSteps), unit: 'ms', note: 'the part after VS Code has the webview up' },
      { key: 'markdownPageToPaintMs', label: 'Markdown preview: its page written → first heading painted (median)', value: own(markdownSteps), unit: 'ms' },
      { key: 'nextItemP50Ms', label: `\`j\` → next item painted p50 (${presses} presses)`, value: round(percentile(next, 50), 1), unit: 'ms' },
      { key: 'nextItemP99Ms', label: '`j` → next item painted p99', value: round(percentile(next, 99), 1), unit: 'ms', note: 'a frame at 60 Hz is 16.7 ms' },
      { key: 'activationMs', label: `extension activation (${activation.source})`, value: activation.ms, unit: 'ms' },
      { key: 'webviewBundleKB', label: 'dist/webview.js (minified)', value: webviewKB, unit: 'KB' },
      { key: 'workbenchMs', label: 'workbench up (server start → workbench shown)', value: workbenchMs, unit: 'ms' },
    ];
    if (json) {
      const o = Object.fromEntries(figures.map((f) => [f.key, f.value]));
      process.stdout.write(JSON.stringify({ items, bytes, runs, presses, loadBefore, loadAfter, ...o, reviewSteps: medianSteps(reviewSteps), markdownSteps: medianSteps(markdownSteps) }) + '\n');
      return;
    }
    const rows = [`| workbench: ${items} items, ${(bytes / 2 ** 20).toFixed(1)} MiB | value | target / note |`, '| --- | ---: | --- |'];
    for (const f of figures) rows.push(`| ${f.label} | ${f.value}${f.unit ? ` ${f.unit}` : ''} | ${f.note ?? ''} |`);
    rows.push(`| load average (1, 5, 15 min) before / after | ${loadBefore} / ${loadAfter} | 2 cores |`);
    for (const [title, steps] of [['review editor', reviewSteps], ['Markdown preview', markdownSteps]] as const) {
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
