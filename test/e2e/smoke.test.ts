// Harness smoke test: the workbench comes up with the extension under development loaded.
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openWorkbench, repoRoot } from './workbench';

test('the workbench opens on a copy of the samples', async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'transcript-review-e2e-'));
  cpSync(join(repoRoot, 'samples'), workspace, { recursive: true });
  const wb = await openWorkbench({ workspace });
  try {
    assert.ok(await wb.page.$('.monaco-workbench'));
    // The folder really is open: the explorer lists the samples.
    await wb.page.locator('.explorer-folders-view').getByText('trait-rl-sample.jsonl').waitFor({ timeout: 30_000 });
    await wb.screenshot('workbench-smoke');
  } finally {
    await wb.close();
    rmSync(workspace, { recursive: true, force: true });
  }
});
