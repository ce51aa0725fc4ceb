// A campaign without a server: ana works her queue with `n`; the lead adjudicates a disagreement
// from the Adjudicate view, and the TRL export follows the lead's decision.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench, repoRoot } from './workbench';
import { focusWebview, loggedEvents, sampleWorkspace, waitFor, waitForPickRow, waitSaved } from './helpers';

const at = '2026-11-23T08:00:00.000Z';

function campaignWorkspace(annotator: string) {
  const ws = sampleWorkspace();
  const manifest = join(ws.dir, 'c.review.json');
  writeFileSync(manifest, JSON.stringify({ version: 1, dataset: 'trait-rl-sample.jsonl', labels: 'c.labels', campaign: { annotators: ['ana', 'ben', 'cy'], perItem: 2, seed: 7, adjudicators: ['lead'] } }));
  mkdirSync(join(ws.dir, '.vscode'), { recursive: true });
  writeFileSync(join(ws.dir, '.vscode', 'settings.json'), JSON.stringify({ 'transcriptReview.annotator': annotator }));
  const cli = (...args: string[]) => execFileSync(process.execPath, [join(repoRoot, 'dist/cli.js'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return { ...ws, manifest, cli, logs: join(ws.dir, 'c.labels') };
}

test('ana works her campaign queue with n; the status bar counts her items', async () => {
  const ws = campaignWorkspace('ana');
  const queue = (JSON.parse(ws.cli('queue', '--json', '--annotator', 'ana', ws.manifest)) as { items: string[] }).items;
  const wb = await openWorkbench({ workspace: ws.dir, openFile: ws.manifest });
  try {
    const frame = await wb.webviewFrame('.side .text', 60_000);
    await frame.waitForSelector('[data-progress]:has-text("of mine")', { timeout: 30_000 });
    assert.match((await frame.textContent('[data-progress]')) ?? '', /Labeled 0 \/ 24 of mine/);
    // Opened on the first item of her queue, not item 1 of the file.
    assert.equal(await frame.getAttribute('[data-item]', 'data-item'), queue[0]);
    const visited: string[] = [];
    for (let k = 0; k < 3; k++) {
      const before = await frame.getAttribute('[data-item]', 'data-item');
      await focusWebview(frame);
      await wb.page.keyboard.press('n');
      await frame.waitForFunction((b) => document.querySelector('[data-item]')?.getAttribute('data-item') !== b, before, { timeout: 20_000 });
      const id = (await frame.getAttribute('[data-item]', 'data-item'))!;
      visited.push(id);
      assert.ok(queue.includes(id), `${id} is not in ana's queue`);
      await focusWebview(frame);
      await wb.page.keyboard.press('d');
      await frame.waitForSelector('button.pref.on[data-pref="trained"]');
      await waitSaved(frame);
    }
    await frame.waitForSelector('[data-progress]:has-text("Labeled 3 / 24 of mine")', { timeout: 15_000 });
    // The item summaries were built for the queue already: `n` answers at once, leaving no progress toast behind.
    assert.equal((await wb.page.$$('.notification-toast:has-text("Finding the next unlabeled")')).length, 0);
    assert.equal(new Set(visited).size, 3);
    const events = loggedEvents(join(ws.dir, 'c.jsonl'), 'ana').filter((e) => e.kind === 'preference');
    assert.deepEqual(events.map((e) => e.item), visited);
    for (const e of events) assert.ok(((e as { viewMs?: number }).viewMs ?? -1) >= 0, 'each label carries how long its item was in view');
    await wb.screenshot('campaign-queue');
  } finally {
    await wb.close();
    ws.dispose();
  }
});

test('the lead adjudicates a disagreement from the Adjudicate view and the TRL export follows', async () => {
  const ws = campaignWorkspace('lead');
  mkdirSync(ws.logs, { recursive: true });
  // An item that both ana and ben were assigned: the Adjudicate view compares assigned annotators.
  const queueOf = (who: string) => (JSON.parse(ws.cli('queue', '--json', '--annotator', who, ws.manifest)) as { items: string[] }).items;
  const ben = new Set(queueOf('ben'));
  const item = queueOf('ana').find((id) => ben.has(id))!;
  const log = (who: string, value: string) =>
    writeFileSync(join(ws.logs, `${who}.jsonl`), JSON.stringify({ v: 1, op: 'add', id: `${who}-1`, at, annotator: who, item, kind: 'preference', value }) + '\n');
  log('ana', 'trained');
  log('ben', 'baseline');
  const trl = () => ws.cli('export', '--format', 'trl', ws.manifest).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { chosen: unknown });
  assert.equal(trl().length, 0, 'a 1–1 split gives no pair');
  const wb = await openWorkbench({ workspace: ws.dir, openFile: ws.manifest });
  try {
    const frame = await wb.webviewFrame('.side .text', 60_000);
    await wb.runCommand('Transcript Review: Adjudicate');
    const rowSelector = `.quick-input-list .monaco-list-row:has-text("${item}")`;
    await waitForPickRow(wb, rowSelector, 'campaign-adjudicate', 30_000);
    const row = (await wb.page.$(rowSelector))!;
    assert.match((await row.textContent()) ?? '', /preference: ana trained, ben baseline/);
    await wb.page.keyboard.press('Enter');
    await frame.waitForSelector(`[data-item="${item}"]`);
    await focusWebview(frame);
    await wb.page.keyboard.press('d');
    await frame.waitForSelector('button.pref.on[data-pref="trained"]');
    await waitSaved(frame);
    await wb.screenshot('campaign-adjudicate');
  } finally {
    await wb.close();
  }
  try {
    const pairs = await waitFor('the adjudicated pair', () => {
      const p = trl();
      return p.length ? p : undefined;
    });
    assert.equal(pairs.length, 1);
    type Msg = { content: string | { text?: string }[] | null };
    const record = JSON.parse(readFileSync(ws.file, 'utf8').split('\n').find((l) => l.includes(`"id":"${item}"`))!) as { trained: { messages: Msg[] } };
    const text = record.trained.messages.map((m) => (typeof m.content === 'string' ? m.content : (m.content ?? []).map((p) => p.text ?? '').join(''))).join('');
    assert.ok(JSON.stringify(pairs[0]!.chosen).includes(JSON.stringify(text.slice(0, 40)).slice(1, -1)), 'the trained answer is chosen, as the lead decided');
  } finally {
    ws.dispose();
  }
});
