// Every input shape opens in the review editor: canonical, TRL (text and conversational),
// HH through a manifest, two runs of chat / ShareGPT / flat records through manifests, and a
// single-run file alone says how to pair it.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench, repoRoot } from './workbench';
import { openAndScreenshot, sampleWorkspace } from './helpers';

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
      const frame = await openAndScreenshot(wb, join(dir, file), '[data-item] .side .text', `adapter-${file.replace(/\W+/g, '-')}`);
      const names = await frame.$$eval('.side', (els) => els.map((e) => e.getAttribute('data-side')));
      assert.equal(names.length, 2, `${file}: two sides`);
      if (sides.length) assert.deepEqual(names, sides, `${file}: side names`);
    }
    const frame = await openAndScreenshot(wb, join(dir, 'chat-baseline.jsonl'), '.item-errors', 'adapter-single-run');
    assert.match((await frame.textContent('.item-errors')) ?? '', /Compare Two Runs/);
  } finally {
    await wb.close();
    ws.dispose();
  }
});
