// Each agent-trace format opens in the review editor as two runs paired by task (a manifest
// naming two folders): the first pair shows a tool call and a sub-agent's turns, and the
// editor lists the task only the baseline ran.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openWorkbench, repoRoot } from './workbench';
import { sampleWorkspace } from './helpers';

const formats = [
  ['claude-code', {}],
  ['codex', {}],
  ['otel', { key: 'task.name' }],
  ['harbor', {}],
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
      await closeAll(wb.page, wb.runCommand);
      await openManifest(wb.page, join(dir, `${format}.review.json`));
      const frame = await wb.webviewFrame('[data-item] .side .tool-calls', 60_000).catch(async (err: unknown) => {
        await wb.screenshot(`agent-trace-${format}-failed`);
        throw err;
      });
      const sides = await frame.$$eval('.side', (els) => els.map((e) => e.getAttribute('data-side')));
      assert.deepEqual(sides, ['baseline', 'trained'], `${format}: side names`);
      const headers = await frame.$$eval('.side header.role', (els) => els.map((e) => e.textContent ?? ''));
      assert.ok(headers.some((h) => /sub-agent/.test(h)), `${format}: a sub-agent's turn is shown (${headers.join(' | ')})`);
      const callNames = await frame.$$eval('.side .tool-calls', (els) => els.map((e) => e.textContent ?? '').join(' '));
      assert.ok(callNames.length > 0, `${format}: a tool call is shown`);
      await wb.screenshot(`agent-trace-${format}`);
    }
  } finally {
    await wb.close();
    ws.dispose();
  }
});

/** Closes every editor and waits until no review webview is left, so the next frame found is the new one. */
async function closeAll(page: Page, runCommand: (title: string) => Promise<void>): Promise<void> {
  await runCommand('View: Close All Editors');
  for (let i = 0; i < 100; i++) {
    const frames = await Promise.all(page.frames().map((f) => f.$('.side').catch(() => null)));
    if (frames.every((f) => !f)) return;
    await page.waitForTimeout(100);
  }
  throw new Error('a review webview is still open after Close All Editors');
}

/** Quick Open on a manifest: it opens in the review editor. */
async function openManifest(page: Page, path: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(path);
  const name = path.split('/').pop()!;
  await page.waitForSelector(`.quick-input-list .monaco-list-row.focused[aria-label*=${JSON.stringify(name)}]`, { timeout: 10_000 });
  await page.keyboard.press('Enter');
}
