import { cpSync, mkdirSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { e2eTempDir, repoRoot, type Workbench } from './workbench';

/** A throw-away copy of the samples: tests write label files beside the data. */
export function sampleWorkspace(): { dir: string; file: string; dispose(): void } {
  const dir = e2eTempDir('transcript-review-e2e-');
  cpSync(join(repoRoot, 'samples'), dir, { recursive: true });
  return { dir, file: join(dir, 'trait-rl-sample.jsonl'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface LoggedEvent {
  v: number;
  op: string;
  id: string;
  kind?: string;
  item?: string;
  side?: string;
  trait?: string;
  value?: string;
  start?: number;
  end?: number;
  quote?: string;
  message?: number;
  field?: string;
  target?: string;
}

/** The records of a JSONL file, blank lines skipped. */
export function jsonLines<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** The events in my label log for a dataset. */
export function loggedEvents(dataset: string, annotator = userInfo().username): LoggedEvent[] {
  const file = join(dataset.replace(/\.jsonl$/, '.labels'), `${annotator}.jsonl`);
  return existsSync(file) ? jsonLines<LoggedEvent>(file) : [];
}

/**
 * Every event in the log is one the test asked for: a key that leaked into a label fails the test
 * on its first run, instead of passing on a retry.
 */
export function assertOnlyAskedFor(events: readonly LoggedEvent[], asked: (e: LoggedEvent) => boolean): void {
  const leaked = events.filter((e) => !asked(e));
  if (leaked.length) throw new Error(`label events nobody asked for: ${JSON.stringify(leaked)}`);
}

/** Waits until the save indicator says everything is on disk. */
export async function waitSaved(frame: Frame): Promise<void> {
  await frame.waitForSelector('[data-save="saved"]', { timeout: 15_000 });
}

/** Gives the webview keyboard focus without clicking a control. */
export async function focusWebview(frame: Frame): Promise<void> {
  // Not the item heading: it is the prompt's <summary>, and a click would fold the prompt.
  await frame.click('[data-counter]');
}

export { waitFor } from '../waitFor';

/** Closes every editor and waits until no review webview is left, so the next frame found is the new one. */
export async function closeAllEditors(wb: Workbench): Promise<void> {
  await wb.runCommand('View: Close All Editors');
  for (let i = 0; i < 100; i++) {
    const sides = await Promise.all(wb.page.frames().map((f) => f.$('.side').catch(() => null)));
    if (sides.every((f) => !f)) return;
    await wb.page.waitForTimeout(100);
  }
  throw new Error('a review webview is still open after Close All Editors');
}

/**
 * Opens a file in the review editor the way a user would: Quick Open (a manifest opens in the
 * review editor; a .jsonl in the text editor, then the palette's Open in Review Editor).
 */
export async function quickOpenInReviewEditor(wb: Workbench, path: string): Promise<void> {
  const { page } = wb;
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(path);
  // The list first shows recent files: Enter only once the typed file is the focused row.
  const name = path.split('/').pop()!;
  await page.waitForSelector(`.quick-input-list .monaco-list-row.focused[aria-label*=${JSON.stringify(name)}]`, { timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab.active[data-resource-name=${JSON.stringify(name)}]`, { timeout: 15_000 });
  // A manifest opens in the review editor by default, but the first one a fresh window opens can
  // come up as text before the extension has registered its editor: then, as for a .jsonl, the
  // palette. The tab is active before its editor is drawn (seconds, under load): wait for either.
  const text = '.editor-group-container.active .monaco-editor .view-lines';
  // Only a manifest can open in the review editor at once; any other file shows as text first.
  const reviewShown = async () => path.endsWith('.review.json') && (await Promise.all(page.frames().map((f) => f.$('#root').catch(() => null)))).some(Boolean);
  for (let i = 0; i < 300 && !(await page.$(text)) && !(await reviewShown()); i++) await page.waitForTimeout(100);
  if (!(await page.$(text))) {
    if (await reviewShown()) return;
    throw new Error(`${name}: neither a text editor nor the review editor showed within 30 s of its tab`);
  }
  await wb.runCommand('Transcript Review: Open in Review Editor');
  // The command opens the review editor in place of the text editor; say why when it does not.
  for (let i = 0; i < 200 && (await page.$(text)); i++) await page.waitForTimeout(100);
  if (await page.$(text)) {
    const notes = await page.$$eval('.notification-list-item-message', (els) => els.map((e) => e.textContent ?? ''));
    throw new Error(`Open in Review Editor left ${name} in the text editor after 20 s; notifications: ${JSON.stringify(notes)}`);
  }
}

/**
 * Closes every editor, opens `path` in the review editor, waits for `selector` in its webview
 * and writes screenshot `shot` (also when the selector never shows, as `<shot>-failed`).
 */
export async function openAndScreenshot(wb: Workbench, path: string, selector: string, shot: string): Promise<Frame> {
  await closeAllEditors(wb);
  await quickOpenInReviewEditor(wb, path);
  const frame = await wb.webviewFrame(selector, 60_000).catch(async (err: unknown) => {
    await wb.screenshot(`${shot}-failed`);
    throw err;
  });
  await wb.screenshot(shot);
  return frame;
}

/**
 * Two annotators' logs for the samples, written as the editor would: seeded, mostly agreeing,
 * preferring the side with the higher reward-model score most of the time.
 */
export function writeTwoAnnotatorLogs(dataset: string): void {
  const dir = dataset.replace(/\.jsonl$/, '.labels');
  mkdirSync(dir, { recursive: true });
  const items = jsonLines<SampleItem>(dataset);
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (const annotator of ['ana', 'ben']) {
    const lines: string[] = [];
    let n = 0;
    const event = (body: Record<string, unknown>) =>
      lines.push(JSON.stringify({ v: 1, op: 'add', id: `${annotator}-${++n}`, at: '2026-11-23T08:00:00.000Z', annotator, ...body }));
    for (const it of items) {
      const better = (it.trained.scores?.overall ?? 0) >= (it.baseline.scores?.overall ?? 0) ? 'trained' : 'baseline';
      const worse = better === 'trained' ? 'baseline' : 'trained';
      const r = rand();
      event({ item: it.id, kind: 'preference', value: r < 0.75 ? better : r < 0.85 ? worse : r < 0.93 ? 'tie' : 'both_bad' });
      for (const trait of it.metadata?.traits ?? []) {
        event({ item: it.id, kind: 'verdict', side: worse, trait, value: rand() < 0.8 ? 'violation' : 'ok' });
        event({ item: it.id, kind: 'verdict', side: better, trait, value: rand() < 0.85 ? 'ok' : 'violation' });
      }
    }
    writeFileSync(join(dir, `${annotator}.jsonl`), lines.join('\n') + '\n');
  }
}

interface SampleItem {
  id: string;
  baseline: { scores?: Record<string, number> };
  trained: { scores?: Record<string, number> };
  metadata?: { traits?: string[] };
}

/**
 * Answers VS Code's simple file dialog (the web workbench's open/save dialog) with a path. Waits
 * for the dialog's own title first (the quick input widget stays on screen between dialogs),
 * then for its own proposal to settle: the dialog fills in its folder and proposed name after it
 * shows, and on a busy machine that late proposal overwrote a path typed before it (the export
 * then went to the proposed file). Retries when Enter did not close it: the dialog completes
 * typed paths asynchronously, and an early Enter only navigates.
 */
export async function answerFileDialog(page: Page, title: string, path: string | null): Promise<void> {
  const titled = `.quick-input-widget .quick-input-title:has-text(${JSON.stringify(title)})`;
  await page.waitForSelector(titled, { timeout: 20_000 });
  const input = page.locator('.quick-input-widget input');
  if (!(await settledValue(page, (v) => v.length > 0, 700, 20_000))) throw new Error(`the file dialog "${title}" proposed no path`);
  for (let attempt = 1; ; attempt++) {
    if (path !== null) await input.fill(path);
    // Typed again next time when something replaced it before it settled.
    const typed = path === null || (await settledValue(page, (v) => v === path, 500 * attempt, 5_000));
    if (typed) {
      await page.keyboard.press('Enter');
      const closed = await page.waitForSelector(titled, { state: 'hidden', timeout: 5_000 }).then(
        () => true,
        () => false,
      );
      if (closed) return;
    }
    if (attempt === 3) throw new Error(`the file dialog "${title}" did not take ${path ?? 'its proposed path'}`);
  }
}

/** Whether the quick input's value passes `ok` and stays unchanged for `quietMs`, within `timeoutMs`. */
async function settledValue(page: Page, ok: (value: string) => boolean, quietMs: number, timeoutMs: number): Promise<boolean> {
  const read = () => page.evaluate(() => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value ?? '');
  const end = Date.now() + timeoutMs;
  let last = await read();
  let since = Date.now();
  for (;;) {
    await page.waitForTimeout(100);
    const now = await read();
    if (now !== last) [last, since] = [now, Date.now()];
    else if (ok(now) && Date.now() - since >= quietMs) return true;
    if (Date.now() > end) return false;
  }
}

/**
 * Waits for a row of the quick pick the product opened. When it does not show, the error says
 * whether the pick was there but hidden (closed without the test's doing) and where focus was,
 * and a `<shot>-failed` screenshot is written. Such picks once closed as they opened (VS Code's
 * webview focus race, now answered in src/extension/quickInput.ts); this names it if it recurs.
 */
export async function waitForPickRow(wb: Workbench, selector: string, shot: string, timeout: number): Promise<void> {
  try {
    await wb.page.waitForSelector(selector, { timeout });
  } catch (e) {
    await wb.screenshot(`${shot}-failed`).catch(() => undefined);
    const state = await wb.page
      .evaluate(() => {
        const widget = document.querySelector<HTMLElement>('.quick-input-widget');
        const active = document.activeElement;
        return `quick input ${widget ? (widget.checkVisibility() ? 'shown' : 'hidden') : 'absent'}; focus on ${active ? `${active.tagName.toLowerCase()}.${[...active.classList].join('.')}` : 'nothing'}; page focused: ${document.hasFocus()}`;
      })
      .catch(() => 'page state unreadable');
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n(${state})`);
  }
}
