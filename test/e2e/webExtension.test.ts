// The browser build (package.json `browser`) in the workbench's web worker extension host, as on
// vscode.dev / github.dev. code-server runs an extension there when it has no `main`, so the test
// loads a copy of the extension without one: every read and write goes through workspace.fs.
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openWorkbench, repoRoot } from './workbench';
import { focusWebview, loggedEvents, sampleWorkspace, waitSaved } from './helpers';

/** The packaged files of the extension, minus `main`: only a web worker extension host can run it. */
function browserOnlyCopy(): string {
  if (!existsSync(join(repoRoot, 'dist', 'web', 'extension.js'))) throw new Error('dist/web/extension.js is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'transcript-review-web-'));
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
  delete manifest.main;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  mkdirSync(join(dir, 'dist', 'web'), { recursive: true });
  for (const f of ['web/extension.js', 'webview.js', 'codicon.css', 'codicon.ttf']) cpSync(join(repoRoot, 'dist', f), join(dir, 'dist', f));
  for (const d of ['media', 'samples', 'l10n']) cpSync(join(repoRoot, d), join(dir, d), { recursive: true });
  // Command titles and settings are %keys% resolved from package.nls.json.
  cpSync(join(repoRoot, 'package.nls.json'), join(dir, 'package.nls.json'));
  return dir;
}

test('browser build: opens the samples and a dataset, labels it through workspace.fs, and refuses a file over 200 MB with a clear message', async () => {
  const ext = browserOnlyCopy();
  const ws = sampleWorkspace();
  // Sparse: 201 MB by size, nothing on disk. The extension checks the size and never reads it.
  const huge = join(ws.dir, 'huge.jsonl');
  writeFileSync(huge, '');
  truncateSync(huge, 201 * 1024 * 1024);
  const wb = await openWorkbench({ workspace: ws.dir, developmentPath: ext });
  const { page } = wb;
  // Right after start the context menu may not have the extension's entries yet: retry a few times.
  const openInReviewEditor = async (name: string) => {
    for (let attempt = 1; ; attempt++) {
      await page.locator('.explorer-folders-view').getByText(name, { exact: true }).click({ button: 'right' });
      const item = page.getByRole('menuitem', { name: 'Open in Review Editor' });
      if (await item.waitFor({ timeout: 5_000 }).then(() => true, () => false)) {
        await item.click();
        // A click while the menu is still animating in can be lost; Enter runs the focused item.
        if (!(await item.waitFor({ state: 'hidden', timeout: 2_000 }).then(() => true, () => false))) await page.keyboard.press('Enter');
        return;
      }
      await page.keyboard.press('Escape');
      if (attempt === 6) throw new Error(`no "Open in Review Editor" in the context menu of ${name}`);
    }
  };
  try {
    // The samples are the extension's own files, copied to its storage through workspace.fs.
    await wb.runCommand('Transcript Review: Open Sample Transcripts');
    await wb.webviewFrame('[data-item="health-0001"]');
    await wb.runCommand('View: Close All Editors');

    await page.locator('.explorer-folders-view').getByText('trait-rl-sample.jsonl').waitFor({ timeout: 30_000 });
    await openInReviewEditor('trait-rl-sample.jsonl');
    const frame = await wb.webviewFrame('[data-item="health-0001"]');
    await focusWebview(frame);
    await page.keyboard.press('a');
    // `a` is a keybinding that reaches the view through the host: wait for the pressed button, then for "Saved".
    await frame.waitForSelector('button.pref.on[data-pref="baseline"]', { timeout: 15_000 });
    await waitSaved(frame);
    // No OS user in a browser: the default annotator is "anonymous" (the desktop's would be the user name).
    const events = loggedEvents(ws.file, 'anonymous');
    assert.deepEqual(events.map((e) => [e.kind, e.item, e.value]), [['preference', 'health-0001', 'baseline']]);
    await page.locator('.statusbar').getByText('Labeled 1 / 36').waitFor({ timeout: 15_000 });
    await wb.screenshot('web-extension');

    await openInReviewEditor('huge.jsonl');
    const big = await wb.webviewFrame('.item-errors');
    const text = (await big.textContent('.item-errors')) ?? '';
    assert.match(text, /This file is 201 MB; in the browser, Transcript Review opens files up to 200 MB\. Use the desktop app or the CLI for larger files\./);
  } catch (e) {
    await wb.screenshot('web-extension-failure');
    throw e;
  } finally {
    await wb.close();
    ws.dispose();
    rmSync(ext, { recursive: true, force: true });
  }
});
