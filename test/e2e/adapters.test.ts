// Every input shape opens in the review editor: canonical, TRL (text and conversational),
// HH through a manifest, two runs of chat / ShareGPT / flat records through manifests, and a
// single-run file alone says how to pair it.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openWorkbench, repoRoot } from './workbench';
import { sampleWorkspace } from './helpers';

test('each adapter’s fixture opens with both sides named from the data', async () => {
  const ws = sampleWorkspace();
  const dir = join(ws.dir, 'adapters');
  cpSync(join(repoRoot, 'test/fixtures/adapters'), dir, { recursive: true });
  // Flat records have no id: they pair on their instruction.
  for (const [shape, key] of [['sharegpt', 'id'], ['flat', 'instruction']] as const) {
    writeFileSync(join(dir, `${shape}.review.json`), JSON.stringify({ version: 1, baseline: { file: `${shape}-baseline.jsonl` }, trained: { file: `${shape}-trained.jsonl` }, key }));
  }
  const wb = await openWorkbench({ workspace: ws.dir });
  try {
    await wb.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 30_000 });
    const cases: [string, string[]][] = [
      ['canonical.jsonl', ['baseline', 'trained']],
      ['trl-text.jsonl', ['chosen', 'rejected']],
      ['trl-conversational.jsonl', ['chosen', 'rejected']],
      ['hh.review.json', ['chosen', 'rejected']],
      ['chat.review.json', ['base', 'rl']],
      ['sharegpt.review.json', ['sharegpt-baseline', 'sharegpt-trained']],
      ['flat.review.json', ['flat-baseline', 'flat-trained']],
    ];
    for (const [file, sides] of cases) {
      await closeAll(wb.page, wb.runCommand);
      await openWith(wb.page, join(dir, file));
      const frame = await wb.webviewFrame(`[data-item] .side .text`, 60_000);
      const names = await frame.$$eval('.side', (els) => els.map((e) => e.getAttribute('data-side')));
      assert.equal(names.length, 2, `${file}: two sides`);
      if (sides.length) assert.deepEqual(names, sides, `${file}: side names`);
      await wb.screenshot(`adapter-${file.replace(/\W+/g, '-')}`);
    }
    await closeAll(wb.page, wb.runCommand);
    await openWith(wb.page, join(dir, 'chat-baseline.jsonl'));
    const frame = await wb.webviewFrame('.item-errors', 60_000);
    assert.match((await frame.textContent('.item-errors')) ?? '', /Compare Two Runs/);
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

/** Opens a file in the review editor the way a user would from the palette: Open in Review Editor. */
async function openWith(page: Page, path: string): Promise<void> {
  // Quick Open the file (text editor for .jsonl, review editor for manifests), then the command.
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(path);
  // The list first shows recent files: Enter only once the typed file is the focused row.
  const name = path.split('/').pop()!;
  await page.waitForSelector(`.quick-input-list .monaco-list-row.focused[aria-label*=${JSON.stringify(name)}]`, { timeout: 10_000 });
  await page.keyboard.press('Enter');
  if (path.endsWith('.jsonl')) {
    await page.waitForSelector(`.tab.active[data-resource-name="${path.split('/').pop()}"]`, { timeout: 15_000 });
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await page.keyboard.type('Transcript Review: Open in Review Editor');
    await page.waitForSelector('.quick-input-list .monaco-list-row.focused[aria-label*="Open in Review Editor"]', { timeout: 10_000 });
    await page.keyboard.press('Enter');
  }
}
