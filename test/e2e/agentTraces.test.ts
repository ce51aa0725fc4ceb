// Each agent-trace format opens in the review editor as two runs paired by task (a manifest
// naming two folders): the first pair shows a tool call and a sub-agent's turns, and the
// editor lists the task only the baseline ran.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { openWorkbench, repoRoot } from './workbench';
import { assertOnlyAskedFor, focusWebview, openAndScreenshot, sampleWorkspace, waitFor, waitSaved, type LoggedEvent } from './helpers';

const formats = [
  ['claude-code', {}],
  ['codex', {}],
  ['otel', { key: 'task.name' }],
  ['harbor', {}],
  // Inspect logs: a handoff and an agent run as a tool (its turns only in the sample's events).
  ['inspect', {}],
] as const;

test('one pair per agent-trace format opens with a tool call and a sub-agent visible', async () => {
  const ws = sampleWorkspace();
  const dir = join(ws.dir, 'agents');
  cpSync(join(repoRoot, 'test/fixtures/formats/agents'), dir, { recursive: true });
  for (const [format, extra] of formats) {
    writeFileSync(join(dir, `${format}.review.json`), JSON.stringify({ version: 1, baseline: { file: `${format}/baseline` }, trained: { file: `${format}/trained` }, ...extra }));
  }
  const wb = await openWorkbench({ workspace: ws.dir });
  try {
    await wb.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 30_000 });
    for (const [format] of formats) {
      // A run whose every call is in steps only one side has shows them folded (Inspect's pair): either is the item shown.
      const frame = await openAndScreenshot(wb, join(dir, `${format}.review.json`), '[data-item] .side .tool-calls, [data-item] .side .stretch-note', `agent-trace-${format}`);
      const sides = await frame.$$eval('.side', (els) => els.map((e) => e.getAttribute('data-side')));
      assert.deepEqual(sides, ['baseline', 'trained'], `${format}: side names`);
      // Steps only one side has are folded into one row: open them, as a reader would to see the sub-agent.
      await openStretches(frame);
      const headers = await frame.$$eval('.side header.role', (els) => els.map((e) => e.textContent ?? ''));
      assert.ok(headers.some((h) => /sub-agent/.test(h)), `${format}: a sub-agent's turn is shown (${headers.join(' | ')})`);
      const callNames = await frame.$$eval('.side .tool-calls', (els) => els.map((e) => e.textContent ?? '').join(' '));
      assert.ok(callNames.length > 0, `${format}: a tool call is shown`);
    }
  } finally {
    await wb.close();
    ws.dispose();
  }
});

/** Opens the folded rows of steps only one side has, as a reader would to see a sub-agent. */
async function openStretches(frame: Frame): Promise<void> {
  for (let k = 0; k < 5 && (await frame.$('.stretch-open')); k++) {
    const folded = (await frame.$$('.stretch-open')).length;
    await frame.click('.stretch-open');
    // Until the row opened (its button gone), not a fixed while.
    await frame.waitForFunction((n) => document.querySelectorAll('.stretch-open').length < n, folded, { timeout: 10_000 });
  }
}

/** Selects `quote` inside the first element `selector` matches, as a mouse drag over it would. */
async function selectIn(frame: Frame, selector: string, quote: string): Promise<void> {
  await frame.evaluate(
    ([sel, q]) => {
      const el = document.querySelector<HTMLElement>(sel)!;
      const start = el.textContent!.indexOf(q);
      if (start < 0) throw new Error(`"${q}" is not in ${sel}: ${el.textContent}`);
      const end = start + q.length;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let offset = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const len = n.textContent!.length;
        if (offset <= start && start < offset + len) range.setStart(n, start - offset);
        if (offset < end && end <= offset + len) range.setEnd(n, end - offset);
        offset += len;
      }
      window.getSelection()!.removeAllRanges();
      window.getSelection()!.addRange(range);
    },
    [selector, quote] as const,
  );
}

test('a span on a tool call inside a sub-agent of two compared Claude Code folders lands in the label log and is drawn again after a reload', async () => {
  const ws = sampleWorkspace();
  const dir = join(ws.dir, 'agents');
  cpSync(join(repoRoot, 'test/fixtures/formats/agents'), dir, { recursive: true });
  const manifest = join(dir, 'claude-code.review.json');
  writeFileSync(manifest, JSON.stringify({ version: 1, baseline: { file: 'claude-code/baseline' }, trained: { file: 'claude-code/trained' } }));
  // The sub-agent's Grep call (`toolu_s1`, in agent-a1b2c3.jsonl beside the baseline's first session).
  const args = '.side[data-side="baseline"] .subagent-turn .tool-call .text[data-field="arguments"]';
  const wb = await openWorkbench({ workspace: ws.dir, viewport: { width: 1500, height: 1100 } });
  try {
    await wb.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 30_000 });
    let frame = await openAndScreenshot(wb, manifest, '[data-item] .side .tool-calls', 'agent-trace-subagent-before');
    await openStretches(frame);
    await frame.waitForSelector(args);
    await focusWebview(frame);
    await selectIn(frame, args, 'def add');
    await wb.page.keyboard.press('1');
    await frame.waitForSelector('.span-editor');
    await wb.page.keyboard.press('Enter');
    await frame.waitForSelector(`${args} .span`);
    await waitSaved(frame);

    const log = join(dir, 'claude-code.labels', `${userInfo().username}.jsonl`);
    const events = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as LoggedEvent & { toolCallId?: string }) : []);
    const span = await waitFor('the span in the label log', () => events().find((e) => e.kind === 'span'));
    assertOnlyAskedFor(events(), (e) => e.kind === 'span');
    assert.equal(span.side, 'baseline');
    assert.equal(span.field, 'arguments');
    assert.equal(span.toolCallId, 'toolu_s1', 'the span names the sub-agent’s call');
    assert.equal(span.quote, 'def add');

    // The session only the baseline ran is a warning naming it, in Problems.
    await wb.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    await wb.page
      .locator('.markers-panel .monaco-list-row[aria-label*="unpaired sample"]')
      .first()
      .waitFor({ timeout: 30_000 })
      .catch(async (err: unknown) => {
        await wb.screenshot('agent-trace-unpaired-missing');
        throw err;
      });
    await wb.screenshot('agent-trace-unpaired');

    // Reload the window: the span is drawn again on the sub-agent's call.
    await wb.reloadWindow();
    frame = await wb.webviewFrame('[data-item] .side .tool-calls', 90_000);
    await openStretches(frame);
    await frame.waitForSelector(`${args} .span`, { timeout: 30_000 }).catch(async (err: unknown) => {
      await wb.screenshot('agent-trace-subagent-reload-failed');
      throw err;
    });
    assert.equal((await frame.locator(`${args} .span`).allTextContents()).join(''), 'def add');
    await wb.screenshot('agent-trace-subagent-span');
  } finally {
    await wb.close();
    ws.dispose();
  }
});
