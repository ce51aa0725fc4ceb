// Labels belong to people: two annotators named through workspace settings label the same item
// in turn (names that earlier versions mapped to the same file); both labels survive and each log
// holds only its owner's events. And blind mode hides identity outside the editor too.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { openWorkbench } from './workbench';
import { focusWebview, loggedEvents, sampleWorkspace, waitFor, waitSaved } from './helpers';

test('two annotators set through workspace settings label the same item; each log holds only its owner’s events', async () => {
  const ws = sampleWorkspace();
  const setAnnotator = (name: string) => {
    mkdirSync(join(ws.dir, '.vscode'), { recursive: true });
    writeFileSync(join(ws.dir, '.vscode', 'settings.json'), JSON.stringify({ 'transcriptReview.annotator': name }));
  };
  try {
    for (const [name, key, side] of [['用户', 'd', 'trained'], ['ユーザー', 'a', 'baseline']] as const) {
      setAnnotator(name);
      const wb = await openWorkbench({ workspace: ws.dir, openFile: ws.file });
      try {
        const frame = await wb.webviewFrame('.side[data-side="trained"] .text', 60_000);
        assert.equal(await frame.getAttribute('[data-item]', 'data-item'), 'health-0001');
        await focusWebview(frame);
        await wb.page.keyboard.press(key);
        await frame.waitForSelector(`button.pref.on[data-pref="${side}"]`);
        await waitSaved(frame);
        await waitFor(`${name}'s preference on disk`, () => loggedEvents(ws.file, name).find((e) => e.kind === 'preference'));
      } finally {
        await wb.close();
      }
    }
    const first = loggedEvents(ws.file, '用户');
    const second = loggedEvents(ws.file, 'ユーザー');
    assert.deepEqual(first.map((e) => [e.op, e.kind, e.value]), [['add', 'preference', 'trained']]);
    assert.deepEqual(second.map((e) => [e.op, e.kind, e.value]), [['add', 'preference', 'baseline']], 'no remove of the other’s label');
    for (const [events, name] of [[first, '用户'], [second, 'ユーザー']] as const) {
      for (const e of events) assert.equal((e as { annotator?: string }).annotator, name);
    }
  } finally {
    ws.dispose();
  }
});

test('blind mode hides model and real side names in the item list, its tooltips and filters, Problems and the status bar', async () => {
  const ws = sampleWorkspace();
  // A contradiction on health-0001 (verdict ok on a side with a violation span there): a Problems entry naming the side.
  const me = userInfo().username;
  const labels = join(ws.dir, 'trait-rl-sample.labels');
  mkdirSync(labels, { recursive: true });
  const at = '2026-11-23T08:00:00.000Z';
  writeFileSync(
    join(labels, `${me}.jsonl`),
    [
      { v: 1, op: 'add', id: 'x1', at, annotator: me, item: 'health-0001', kind: 'verdict', side: 'baseline', trait: 'wellbeing', value: 'ok' },
      { v: 1, op: 'add', id: 'x2', at, annotator: me, item: 'health-0001', kind: 'span', side: 'baseline', message: 0, field: 'content', start: 0, end: 9, quote: 'Heartburn', trait: 'wellbeing' },
    ]
      .map((e) => JSON.stringify(e) + '\n')
      .join(''),
  );
  // Blind mode is a view option the window remembers for its workspace: a window of its own.
  const wb = await openWorkbench({ workspace: ws.dir, openFile: ws.file, settings: { 'workbench.hover.delay': 100 }, ownWindow: true });
  const secrets = /base-v3|trait-rl-v3|\bbaseline\b|\btrained\b/;
  try {
    const frame = await wb.webviewFrame('.side[data-side="trained"] .text', 60_000);
    await focusWebview(frame);
    await wb.page.keyboard.press('b');
    await frame.waitForSelector('.side-left .side-name:text("Response A")');
    await waitSaved(frame);

    await wb.runCommand('Focus on Transcript Items View');
    const row = await wb.page.waitForSelector('.pane:has(.title:text-matches("Transcript Items", "i")) .monaco-list-row', { timeout: 30_000 });
    const list = await wb.page.textContent('.pane:has(.title:text-matches("Transcript Items", "i")) .monaco-list');
    assert.doesNotMatch(list ?? '', secrets, 'the item list');
    await row.hover();
    const hover = await wb.page.waitForSelector('.monaco-hover:visible, .workbench-hover:visible', { timeout: 10_000 });
    const tip = (await hover.textContent()) ?? '';
    assert.match(tip, /health-\d{4}/);
    assert.doesNotMatch(tip, secrets, 'the item tooltip');

    await wb.runCommand('Transcript Review: Filter Items');
    await wb.page.waitForSelector('.quick-input-widget .quick-input-title:has-text("Filter items by")');
    const options = (await wb.page.textContent('.quick-input-list')) ?? '';
    assert.match(options, /Domain/);
    assert.doesNotMatch(options, /Model/, 'the filter offers no model while blind');
    await wb.page.keyboard.press('Escape');

    await wb.runCommand('Focus on Problems View');
    const problem = await wb.page.waitForSelector('.markers-panel .monaco-list-row:has-text("verdict ok")', { timeout: 30_000 });
    const text = (await problem.textContent()) ?? '';
    assert.match(text, /Response [AB]/);
    assert.doesNotMatch(text, secrets, 'the Problems entry');
    assert.doesNotMatch((await wb.page.textContent('.statusbar')) ?? '', secrets, 'the status bar');
    await wb.screenshot('blind-everywhere');
  } finally {
    await wb.close();
    ws.dispose();
  }
});
