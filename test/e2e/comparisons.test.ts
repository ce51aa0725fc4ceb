// Palette comparisons in the real workbench: Compare Two Runs writes a manifest and opens it;
// an HH-style file shows chosen / rejected; blind mode hides names but records real ones.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openWorkbench, repoRoot } from './workbench';
import { answerFileDialog, focusWebview, loggedEvents, sampleWorkspace, waitFor, waitSaved } from './helpers';

/** Answers the first question of Compare Two Runs: two files, or two folders of Inspect logs. */
async function pickRunKind(page: Page, label: string): Promise<void> {
  await page.waitForSelector('.quick-input-widget .quick-input-title:has-text("what are the runs")', { timeout: 20_000 });
  await page.locator('.quick-input-widget input').fill(label);
  await page.waitForSelector(`.quick-input-list .monaco-list-row.focused[aria-label*=${JSON.stringify(label)}]`, { timeout: 15_000 });
  await page.keyboard.press('Enter');
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

test('Compare Two Runs: pick two files and the join key, a manifest is written and opened', async () => {
  const ws = sampleWorkspace();
  const wb = await openWorkbench({ workspace: ws.dir });
  try {
    await wb.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 30_000 });
    await wb.runCommand('Transcript Review: Compare Two Runs');
    await pickRunKind(wb.page, 'Two run files');
    await answerFileDialog(wb.page, 'the baseline run', join(ws.dir, 'runs', 'baseline.jsonl'));
    await answerFileDialog(wb.page, 'the trained run', join(ws.dir, 'runs', 'trained.jsonl'));
    // The join-key quick pick offers the shared string fields, `id` first.
    await wb.page.waitForSelector('.quick-input-widget .quick-input-title:has-text("Join the runs")', { timeout: 20_000 });
    await wb.page.waitForSelector('.quick-input-list .monaco-list-row.focused[aria-label*="id"]', { timeout: 15_000 });
    await wb.page.keyboard.press('Enter');
    const manifestPath = join(ws.dir, 'runs', 'baseline-vs-trained.review.json');
    // The proposed name is the two runs' names, beside the first run.
    await wb.page.waitForSelector('.quick-input-widget .quick-input-title:has-text("Save the comparison as")', { timeout: 20_000 });
    await wb.page.waitForFunction((p) => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value === p, manifestPath, { timeout: 10_000 });
    await answerFileDialog(wb.page, 'Save the comparison as', null);
    // Exists first, then written: wait for the whole JSON.
    const manifest = await waitFor('the manifest', () => (existsSync(manifestPath) ? parsed(readFileSync(manifestPath, 'utf8')) : undefined), 20_000);
    assert.deepEqual(manifest, { version: 1, baseline: { file: 'baseline.jsonl', name: 'baseline' }, trained: { file: 'trained.jsonl', name: 'trained' }, key: 'id' });
    const frame = await wb.webviewFrame('.side[data-side="trained"] .text', 60_000);
    const id = await frame.getAttribute('[data-item]', 'data-item');
    assert.equal(id, 'run-0001');
    assert.match((await frame.textContent('[data-counter]')) ?? '', /^1 \/ 12/);
    await wb.screenshot('compare-two-runs');
  } finally {
    await wb.close();
    ws.dispose();
  }
});

test('HH-style chosen / rejected file: side names come from the data; blind mode records real names', async () => {
  const ws = sampleWorkspace();
  const file = join(ws.dir, 'hh-style.jsonl');
  // Blind mode is a view option the window remembers for its workspace: a window of its own.
  const wb = await openWorkbench({ workspace: ws.dir, openFile: file, theme: 'Default Light Modern', ownWindow: true });
  try {
    const frame = await wb.webviewFrame('.side[data-side="rejected"] .text', 60_000);
    assert.match((await frame.getAttribute('.side[data-side="chosen"]', 'aria-label')) ?? '', /^chosen/);
    await wb.screenshot('hh-style');

    await focusWebview(frame);
    await wb.page.keyboard.press('b');
    await frame.waitForSelector('.side-left .side-name:text("Response A")');
    const leftSide = await frame.getAttribute('.side-left', 'data-side');
    assert.ok(leftSide === 'chosen' || leftSide === 'rejected');
    assert.equal(await frame.$('.model'), null, 'blind mode still shows model names');
    await wb.screenshot('blind-mode');
    await focusWebview(frame);
    await wb.page.keyboard.press('a');
    await waitSaved(frame);
    const pref = await waitFor('the preference', () => loggedEvents(file).find((e) => e.kind === 'preference'));
    assert.equal(pref.value, leftSide, 'the preference must name the real side shown on the left');
  } finally {
    await wb.close();
    ws.dispose();
  }
});

test('Compare Two Runs on two folders of Inspect logs: both sides with tool calls, a label lands, the report names the tasks', async () => {
  const ws = sampleWorkspace();
  cpSync(join(repoRoot, 'test/fixtures/formats/inspect'), join(ws.dir, 'logs'), { recursive: true });
  const wb = await openWorkbench({ workspace: ws.dir });
  try {
    await wb.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 30_000 });
    await wb.runCommand('Transcript Review: Compare Two Runs');
    await pickRunKind(wb.page, 'Two folders of Inspect logs');
    await answerFileDialog(wb.page, 'the baseline run', join(ws.dir, 'logs', 'base'));
    await answerFileDialog(wb.page, 'the trained run', join(ws.dir, 'logs', 'trained'));
    // Inspect runs join on task, sample id and epoch: no join-key question.
    const manifestPath = join(ws.dir, 'logs', 'base-vs-trained.review.json');
    await wb.page.waitForSelector('.quick-input-widget .quick-input-title:has-text("Save the comparison as")', { timeout: 20_000 });
    await answerFileDialog(wb.page, 'Save the comparison as', manifestPath);
    const manifest = await waitFor('the manifest', () => (existsSync(manifestPath) ? parsed(readFileSync(manifestPath, 'utf8')) : undefined), 20_000);
    assert.deepEqual(manifest, { version: 1, baseline: { file: 'base', name: 'base' }, trained: { file: 'trained', name: 'trained' } });

    const frame = await wb.webviewFrame('.side[data-side="trained"] .tool-call', 60_000);
    assert.equal(await frame.getAttribute('[data-item]', 'data-item'), 'deception/1_epoch_1');
    assert.match((await frame.textContent('[data-counter]')) ?? '', /^1 \/ 7/);
    for (const side of ['base', 'trained']) {
      assert.match((await frame.textContent(`.side[data-side="${side}"] .tool-call`)) ?? '', /read_log[\s\S]*checks\.log/, `${side} shows its tool call`);
    }
    assert.match((await frame.textContent('.side[data-side="trained"] .scores')) ?? '', /match\s*1\.00[\s\S]*Reports the failures/);
    await wb.screenshot('inspect-folders');

    await focusWebview(frame);
    await wb.page.keyboard.press('d');
    await waitSaved(frame);
    const log = join(ws.dir, 'logs', 'base-vs-trained.labels', `${userInfo().username}.jsonl`);
    const pref = await waitFor('the preference', () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { kind: string; item: string; value: string }).find((e) => e.kind === 'preference') : undefined));
    assert.deepEqual([pref.item, pref.value], ['deception/1_epoch_1', 'trained']);

    await wb.runCommand('Transcript Review: Calibration Report');
    const report = await wb.webviewFrame('svg', 60_000);
    const text = (await report.textContent('body')) ?? '';
    assert.match(text, /of 1 benchmarks?/);
    assert.match(text, /deception/);
  } finally {
    await wb.close();
    ws.dispose();
  }
});
