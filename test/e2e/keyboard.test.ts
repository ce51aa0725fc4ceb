// Keyboard-only labeling in the real workbench: a whole item (preference, 12 verdicts with two
// violations, a span with severity, a note) with no mouse, counting keys; held `j`; a key
// remapped in keybindings.json; and the filter as the queue `j` and `n` walk, per file.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openWorkbench, type Workbench } from './workbench';
import { assertOnlyAskedFor, loggedEvents, quickOpenInReviewEditor, sampleWorkspace, waitFor, waitSaved } from './helpers';

// Left only where the pace is what the test is about: the key gate judges keys by how far apart
// they are (a run is keys under 350 ms apart, webview/keyGate.ts), or a wait for nothing to happen.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the review's webview has the keyboard. */
async function hasKeyboard(frame: Frame): Promise<void> {
  await frame.waitForFunction(() => document.hasFocus(), undefined, { timeout: 10_000 });
}

/** Keyboard focus into the review editor, by keyboard (the palette), not a click. */
async function focusEditor(wb: Workbench, frame: Frame): Promise<void> {
  await wb.runCommand('View: Focus Active Editor Group');
  await hasKeyboard(frame);
}

const counter = async (frame: Frame) => ((await frame.textContent('[data-counter]')) ?? '').trim();
const itemId = async (frame: Frame) => (await frame.getAttribute('[data-item]', 'data-item')) ?? '';

/** Presses keys one by one, each counted; waits between so each is seen as one press. */
function keyCounter(page: Page) {
  let n = 0;
  return {
    // The annotator's pace: the test counts each key as one press.
    async press(key: string, settle = 150) {
      n++;
      await page.keyboard.press(key);
      await sleep(settle);
    },
    get count() {
      return n;
    },
  };
}

test('a whole item labeled from the keyboard: preference, 12 verdicts, a span with severity, a note — no mouse', async () => {
  const ws = sampleWorkspace();
  const wb = await openWorkbench({ workspace: ws.dir, openFile: ws.file });
  try {
    const frame = await wb.webviewFrame('.side[data-side="trained"] .text', 60_000);
    const item = await itemId(frame);
    await focusEditor(wb, frame);
    const keys = keyCounter(wb.page);
    // The right side is "trained" (not swapped, not blind): l focuses it.
    await keys.press('l');
    await frame.waitForSelector('.side.focused[data-position="right"]');
    await keys.press('Shift+Digit1'); // truthfulness: violation (trained)
    await keys.press('BracketRight'); // select the first sentence of the trained answer
    // Keys that write wait for the end of their run (and ] waits behind them): the selection follows.
    await frame.waitForFunction(() => (window.getSelection()?.toString() ?? '').length > 10, undefined, { timeout: 10_000 });
    const selected = await frame.evaluate(() => window.getSelection()?.toString() ?? '');
    await keys.press('Digit1'); // tag it: truthfulness
    await frame.waitForSelector('.span-editor');
    await keys.press('Digit3'); // severity: the third
    await keys.press('Enter'); // save the span
    await keys.press('o'); // every other trait on this side: OK
    await keys.press('h'); // the left side
    await keys.press('Shift+Digit2'); // epistemic humility: violation (baseline)
    await keys.press('o');
    await keys.press('d'); // the right (trained) response is better
    await waitSaved(frame);
    const labelKeys = keys.count;
    // The note: e, the text, Ctrl+Enter saves and gives the keys back.
    await wb.page.keyboard.press('e');
    await frame.waitForFunction(() => document.activeElement?.tagName === 'VSCODE-TEXTAREA');
    await wb.page.keyboard.type('checked the dosage claim');
    await wb.page.keyboard.press('Control+Enter');
    await waitSaved(frame);
    console.log(`keyboard-only item: ${labelKeys} keystrokes for preference + 12 verdicts (2 violations) + 1 span with severity; note: e, its text, Ctrl+Enter`);
    assert.ok(labelKeys <= 15, `${labelKeys} keystrokes`);

    const events = await waitFor('the labels in the log', () => {
      const e = loggedEvents(ws.file).filter((x) => x.item === item && x.op === 'add');
      return e.filter((x) => x.kind === 'verdict').length >= 12 && e.some((x) => x.kind === 'note') ? e : undefined;
    });
    assertOnlyAskedFor(loggedEvents(ws.file), (e) => e.item === item && e.op === 'add' && ['verdict', 'span', 'preference', 'note'].includes(e.kind ?? ''));
    const verdicts = events.filter((e) => e.kind === 'verdict');
    assert.equal(verdicts.length, 12);
    assert.deepEqual(
      verdicts.filter((v) => v.value === 'violation').map((v) => `${v.side}:${v.trait}`).sort(),
      ['baseline:epistemic_humility', 'trained:truthfulness'],
    );
    const spans = events.filter((e) => e.kind === 'span');
    assert.equal(spans.length, 1, 'the span is one label, written from its dialog with its severity');
    assert.equal(spans.at(-1)?.trait, 'truthfulness');
    assert.equal((spans.at(-1) as { severity?: string }).severity, 'critical');
    assert.equal(spans.at(-1)?.quote, selected.trim());
    assert.equal(events.find((e) => e.kind === 'preference')?.value, 'trained');
    assert.equal((events.find((e) => e.kind === 'note') as { text?: string }).text, 'checked the dosage claim');
    await wb.screenshot('keyboard-whole-item');

    // Focus came back from the note: j goes on to the next item.
    const before = await counter(frame);
    await wb.page.keyboard.press('j');
    await frame.waitForFunction((b) => document.querySelector('[data-counter]')?.textContent?.trim() !== b, before, { timeout: 10_000 });
    assert.match(await counter(frame), /^2 \//);
  } finally {
    await wb.close();
    ws.dispose();
  }
});

test('held j: 20 presses 30 ms apart land on item 21; a key remapped in keybindings.json works and the old one does not', async () => {
  const ws = sampleWorkspace();
  const wb = await openWorkbench({ workspace: ws.dir, openFile: ws.file });
  try {
    let frame = await wb.webviewFrame('.side .text', 60_000);
    await focusEditor(wb, frame);
    // Tab through the whole view and past its end: focus wraps inside the view, never onto the page body.
    await frame.click('[data-counter]');
    for (let k = 0; k < 120; k++) await wb.page.keyboard.press('Tab');
    assert.ok(await frame.evaluate(() => document.activeElement !== document.body && document.hasFocus()), 'focus stays in the view');
    for (let k = 0; k < 20; k++) {
      await wb.page.keyboard.press('j');
      await sleep(30);
    }
    await frame.waitForFunction(() => /^21 \//.test(document.querySelector('[data-counter]')?.textContent?.trim() ?? ''), undefined, { timeout: 20_000 });
    // A press counted twice would show after the twentieth: a while with nothing more to see.
    await sleep(1000);
    assert.match(await counter(frame), /^21 \//, 'no press was dropped and none counted twice');
    await wb.screenshot('keyboard-held-j');

    // Remap: m is "next item", j is not.
    const user = join(wb.server.userDataDir, 'User');
    mkdirSync(user, { recursive: true });
    writeFileSync(
      join(user, 'keybindings.json'),
      JSON.stringify([
        { key: 'm', command: 'transcriptReview.nextItem', when: "activeCustomEditorId == 'transcriptReview.reviewEditor'" },
        { key: 'j', command: '-transcriptReview.nextItem' },
      ]),
    );
    // A keybindings.json that did not exist when the window opened is read on the next start.
    await wb.reloadWindow();
    frame = await wb.webviewFrame('[data-counter]:has-text("21 /")', 60_000);
    await focusEditor(wb, frame);
    await wb.page.keyboard.press('j');
    // Keys are seen in order: had j moved, m would land on 23. Further apart than a run's gap, so
    // that j and m are two runs and not typing.
    await sleep(500);
    assert.match(await counter(frame), /^21 \//, 'j no longer moves');
    await wb.page.keyboard.press('m');
    await frame.waitForFunction(() => !/^21 \//.test(document.querySelector('[data-counter]')?.textContent?.trim() ?? ''), undefined, { timeout: 10_000 });
    assert.match(await counter(frame), /^22 \//, 'j no longer moves; m moves one item');
    // The help overlay shows the binding as it is now.
    await wb.page.keyboard.press('Shift+Slash');
    const row = await frame.waitForSelector('.keys tr:has-text("Next item (within the filter")', { timeout: 10_000 });
    assert.equal(((await row.$eval('th', (th) => th.textContent)) ?? '').trim(), 'm');
    // The guidelines at hand: each trait's key, name and description from the taxonomy.
    assert.match((await frame.textContent('.traits-guide')) ?? '', /1 Truthfulness\s*States only what it believes true/);
    await wb.screenshot('keyboard-help-remapped');
  } finally {
    await wb.close();
    ws.dispose();
  }
});

/** The quick pick's focused row once the list has filtered down to `text` (Enter before that picks the previous top row). */
async function focusedPick(wb: Workbench, text: string) {
  const row = wb.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: text });
  await row.waitFor({ timeout: 10_000 });
  return row;
}

/** Waits for the quick pick titled `title`, with the keyboard in its input. */
async function pickTitled(wb: Workbench, title: RegExp): Promise<void> {
  await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: 15_000 });
  await wb.page.waitForFunction(() => document.activeElement?.matches('.quick-input-widget input') ?? false, undefined, { timeout: 10_000 });
}

/** Filters the active editor's items by a benchmark, through the palette and quick picks. */
async function filterBenchmark(wb: Workbench, value: string): Promise<void> {
  await wb.runCommand('Transcript Review: Filter Items');
  // The first pick, by its title: the palette's own input is visible until the command has run,
  // and keys typed then go to the palette.
  await pickTitled(wb, /Filter items by/);
  await wb.page.keyboard.type('Benchmark');
  await focusedPick(wb, 'Benchmark');
  await wb.page.keyboard.press('Enter');
  // The second pick, titled by the field: its values.
  await pickTitled(wb, /^\s*Benchmark\s*$/);
  await wb.page.keyboard.type(value);
  const row = await focusedPick(wb, value);
  assert.match((await row.textContent()) ?? '', /\d+ items/, 'the pick shows how many items each value has');
  await wb.page.keyboard.press('Enter');
}

test('with a filter, j and n walk only its items; another file has its own (no) filter and counts', async () => {
  const ws = sampleWorkspace();
  const wb = await openWorkbench({ workspace: ws.dir, openFile: ws.file });
  try {
    const frame = await wb.webviewFrame('.side .text', 60_000);
    await filterBenchmark(wb, 'sycophancy');
    await frame.waitForSelector('[data-filtered]:has-text("filtered: 7 of 36")', { timeout: 15_000 });
    await focusEditor(wb, frame);
    const seen: string[] = [];
    for (const key of ['j', 'j', 'n', 'j', 'k']) {
      const before = await itemId(frame);
      await wb.page.keyboard.press(key);
      await frame.waitForFunction((b) => document.querySelector('[data-item]')?.getAttribute('data-item') !== b, before, { timeout: 15_000 });
      const meta = (await frame.textContent('.prompt .meta')) ?? '';
      seen.push(await itemId(frame));
      assert.match(meta, /sycophancy/, `${key} moved to ${seen.at(-1)}, outside the filter`);
    }
    await wb.screenshot('keyboard-filter-queue');

    // A second file, opened in the review editor: no filter, its own counts in the toolbar and status bar.
    await quickOpenInReviewEditor(wb, join(ws.dir, 'hh-style.jsonl'));
    const hh = await wb.webviewFrame('[data-counter]:has-text("/ 6")', 60_000);
    assert.equal(await hh.$('[data-filtered]'), null, 'the new file starts with no filter');
    await wb.page.locator('.statusbar').getByText('Labeled 0 / 6').waitFor({ timeout: 15_000 });
    await wb.runCommand('Focus on Transcript Items View');
    const rows = wb.page.locator('.pane:has(.pane-header:has-text("Transcript Items")) .monaco-list-row');
    await rows.nth(5).waitFor({ timeout: 15_000 });
    assert.equal(await rows.count(), 6, 'six rows of the HH file, none of the other file');
    await wb.screenshot('keyboard-second-file');
    // Choosing an item in the list gives the editor the keyboard: j goes on from there.
    await rows.nth(2).click();
    await hh.waitForSelector('[data-counter]:has-text("3 / 6")', { timeout: 15_000 });
    await hasKeyboard(hh);
    await wb.page.keyboard.press('j');
    await hh.waitForSelector('[data-counter]:has-text("4 / 6")', { timeout: 10_000 });
  } finally {
    await wb.close();
    ws.dispose();
  }
});

test('a label contradiction in Problems opens its item in the review editor, not the raw line', async () => {
  const ws = sampleWorkspace();
  const wb = await openWorkbench({ workspace: ws.dir, openFile: ws.file });
  try {
    const frame = await wb.webviewFrame('.side[data-side="trained"] .text', 60_000);
    const item = await itemId(frame);
    await focusEditor(wb, frame);
    // o leaves a trait with a span alone: this contradiction (a span, and OK for its trait) is the annotator's own, set in the grid.
    await frame.click('.side[data-side="trained"] [data-cell="verdict:truthfulness:ok"]');
    // Paced as an annotator types them: each its own press for the key gate.
    for (const key of ['l', 'BracketRight', 'Digit1', 'Enter']) {
      await wb.page.keyboard.press(key);
      await sleep(200);
    }
    await waitSaved(frame);
    await frame.waitForSelector('.text .span');
    await wb.page.keyboard.press('j');
    await frame.waitForFunction(() => /^2 \//.test(document.querySelector('[data-counter]')?.textContent?.trim() ?? ''), undefined, { timeout: 10_000 });
    await wb.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const link = wb.page.locator('.markers-panel .monaco-list-row[aria-label*="verdict ok for truthfulness"] .monaco-link', { hasText: 'open in review editor' });
    await link.waitFor({ timeout: 30_000 }).catch(async (e: unknown) => {
      await wb.screenshot('keyboard-problems-missing');
      console.log(await wb.page.locator('.markers-panel').innerHTML().catch(() => 'no markers panel'));
      throw e;
    });
    await link.click();
    await frame.waitForFunction((id) => document.querySelector('[data-item]')?.getAttribute('data-item') === id, item, { timeout: 15_000 });
    assert.match(await counter(frame), /^1 \//);
    // The review editor is the active tab (no text tab of the raw line was opened).
    const tabs = await wb.page.locator('.tabs-container .tab').allTextContents();
    assert.equal(tabs.length, 1, `tabs: ${tabs.join(' | ')}`);
    await wb.screenshot('keyboard-problems-link');
  } finally {
    await wb.close();
    ws.dispose();
  }
});
