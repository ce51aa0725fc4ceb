// Harness smoke test: the workbench comes up with the extension under development loaded.
import * as assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { e2eTempDir, openWorkbench, repoRoot } from './workbench';

test('the workbench opens on a copy of the samples', async () => {
  const workspace = e2eTempDir('transcript-review-e2e-');
  cpSync(join(repoRoot, 'samples'), workspace, { recursive: true });
  const wb = await openWorkbench({ workspace });
  try {
    assert.ok(await wb.page.$('.monaco-workbench'));
    // The folder really is shown: the explorer lists it (the lane's workspace holds each test's
    // folder under the tier, a window of its own shows it as the root), and in it the samples.
    const explorer = wb.page.locator('.explorer-folders-view');
    const folder = explorer.getByText(basename(workspace), { exact: true });
    if (await folder.waitFor({ timeout: 5_000 }).then(() => true, () => false)) await folder.click();
    await explorer.getByText('trait-rl-sample.jsonl').waitFor({ timeout: 30_000 });
    await wb.screenshot('workbench-smoke');
  } finally {
    await wb.close();
    rmSync(workspace, { recursive: true, force: true });
  }
});
