// The packaged extension, as a user gets it: `npm run package` builds the .vsix, code-server's
// `--install-extension` installs it into a fresh extensions dir, and a workbench WITHOUT the
// development path runs that installed copy: the walkthrough (screenshots), Open Sample
// Transcripts from it, a verdict in the log, Export Labels from the palette.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { installVsix, openWorkbench, repoRoot, type Workbench } from './workbench';
import { answerFileDialog, jsonLines, loggedEvents, waitFor, waitForPickRow, waitSaved } from './helpers';

const MAX_VSIX_BYTES = 2 * 1024 * 1024;
const EXTENSION_ID = 'transcript-review.transcript-review';
const STEPS = ['openSamples', 'compareTwoRuns', 'labelWithKeyboard', 'exportLabels', 'calibrationReport'];

/** What may be in the package: the bundles, media, samples, docs, manifest (and l10n bundles). */
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/,
  // scanWorker.js: the worker threads of whole-file passes (item summaries) load it by path.
  /^extension\/dist\/(extension\.js|scanWorker\.js|webview\.js|codicon\.css|codicon\.ttf)$/,
  // The web extension's bundle (`browser` in package.json).
  /^extension\/dist\/web\/extension\.js$/,
  /^extension\/(media|samples|l10n)\/.+/,
  /^extension\/package\.nls(\.[\w-]+)?\.json$/,
];

/** Entry names from a zip's central directory (no unzip on PATH needed). */
function zipEntries(buf: Buffer): string[] {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'bad central directory');
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

/** The file's JSON lines, or undefined while it is missing or half-written. */
function readJsonLines(file: string): { item: string; verdicts: unknown[] }[] | undefined {
  try {
    return jsonLines<{ item: string; verdicts: unknown[] }>(file);
  } catch {
    return undefined;
  }
}

function npm(args: string[]): string {
  const r = spawnSync('npm', args, { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, `npm ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Opens "Get started with Transcript Review" through "Welcome: Open Walkthrough…". */
async function openWalkthrough(wb: Workbench): Promise<void> {
  await wb.runCommand('Welcome: Open Walkthrough');
  const row = '.quick-input-list .monaco-list-row[aria-label*="Get started with Transcript Review"]';
  await wb.page.waitForSelector(row, { timeout: 15_000 });
  await wb.page.keyboard.type('Transcript Review');
  await wb.page.waitForSelector(`${row}.focused`, { timeout: 10_000 });
  await wb.page.keyboard.press('Enter');
  await wb.page.waitForSelector('.getting-started-step', { timeout: 20_000 });
}

/** Expands a step and waits until its media (an image, or markdown in a webview) has loaded. */
async function showStep(wb: Workbench, id: string): Promise<void> {
  const { page } = wb;
  const step = `.getting-started-step[data-step-id="${EXTENSION_ID}#gettingStarted#${id}"]`;
  await page.click(step);
  await page.waitForSelector(`${step}.expanded`, { timeout: 10_000 });
  const image = await page.waitForFunction(
    () => {
      const img = document.querySelector<HTMLImageElement>('.getting-started-media img');
      const media = document.querySelector('.getting-started-media');
      if (img) return img.complete && img.naturalWidth > 0 ? 'image' : false;
      return media?.querySelector('iframe, .webview') ? 'markdown' : false;
    },
    undefined,
    { timeout: 20_000 },
  );
  if ((await image.jsonValue()) === 'markdown') await wb.webviewFrame('body h1', 30_000);
  // The step list and the media slide in.
  await page.waitForTimeout(800);
}

test('the .vsix: packaged under 2 MB, installed with --install-extension, walkthrough, open a sample, label, export', async () => {
  // Always packaged afresh: an old transcript-review.vsix would test old code. `npm test` packages
  // once before the tier (scripts/test.mjs), so that no build rewrites dist/ while other test
  // files run their workbenches from it, and names the fresh package here.
  let vsix = process.env.TRANSCRIPT_REVIEW_VSIX ?? '';
  if (!vsix) {
    vsix = join(repoRoot, 'transcript-review.vsix');
    rmSync(vsix, { force: true });
    try {
      assert.match(npm(['run', 'package']), /DONE\s+Packaged:/);
    } finally {
      // Packaging leaves a production build in dist/; put the development build (with source maps) back.
      npm(['run', 'build']);
    }
  }

  const size = statSync(vsix).size;
  console.log(`transcript-review.vsix: ${(size / 1024).toFixed(1)} KB`);
  assert.ok(size < MAX_VSIX_BYTES, `the .vsix is ${size} bytes, over 2 MB`);
  const entries = zipEntries(readFileSync(vsix)).filter((e) => !e.endsWith('/'));
  const unexpected = entries.filter((e) => !ALLOWED.some((re) => re.test(e)) || e.endsWith('.map'));
  assert.deepEqual(unexpected, [], 'files in the .vsix that do not run');
  for (const needed of ['extension/dist/extension.js', 'extension/dist/scanWorker.js', 'extension/dist/webview.js', 'extension/media/icon.png', 'extension/samples/trait-rl-sample.jsonl', 'extension/readme.md', 'extension/LICENSE.txt']) {
    assert.ok(entries.includes(needed), `${needed} is missing from the .vsix`);
  }

  const tmp = mkdtempSync(join(tmpdir(), 'transcript-review-vsix-'));
  const extensionsDir = join(tmp, 'extensions');
  const workspace = join(tmp, 'workspace');
  let wb: Workbench | undefined;
  try {
    assert.match(await installVsix(vsix, extensionsDir), /successfully installed/i);
    const installed = join(extensionsDir, `${EXTENSION_ID}-${JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version}`);
    assert.ok(existsSync(join(installed, 'dist', 'extension.js')), `not installed at ${installed}`);

    mkdirSync(workspace);
    wb = await openWorkbench({ workspace, extensionsDir, developmentPath: false, theme: 'Default Dark Modern' });
    const { page } = wb;
    assert.doesNotMatch(await page.title(), /Extension Development Host/, 'the development path is loaded, not the installed copy');

    // The walkthrough, every step, from the installed copy (its icon comes from there).
    await openWalkthrough(wb);
    const icons = await page.$$eval('img.category-icon', (imgs) => imgs.map((i) => decodeURIComponent(i.getAttribute('src') ?? '')));
    assert.ok(
      icons.some((src) => src.includes(`${installed}/media/icon.png`)),
      `the walkthrough's icon is not the installed copy's: ${icons.join(', ')}`,
    );
    for (const id of STEPS) {
      await showStep(wb, id);
      await wb.screenshot(`walkthrough-${id}`);
    }
    await wb.setTheme('Default Light Modern');
    await showStep(wb, 'openSamples');
    await wb.screenshot('walkthrough-openSamples-light');

    // Step 1's button: the samples, copied to the extension's storage, in the review editor.
    await page.click('.getting-started-step.expanded .button-container a:has-text("Open Sample Transcripts")');
    const frame = await wb.webviewFrame('.side[data-side="trained"] .text', 60_000);
    const dataset = join(wb.server.userDataDir, 'User', 'globalStorage', EXTENSION_ID, 'samples', 'trait-rl-sample.jsonl');
    assert.ok(existsSync(dataset), `the samples were not copied to ${dataset}`);
    const item = await frame.getAttribute('[data-item]', 'data-item');
    assert.ok(item);

    const verdict = 'button[data-side="trained"][data-trait="truthfulness"][data-verdict="violation"]';
    await frame.click(verdict);
    await frame.waitForSelector(`${verdict}[aria-pressed="true"]`);
    await waitSaved(frame);
    const event = await waitFor('the verdict in the log', () =>
      loggedEvents(dataset).find((e) => e.kind === 'verdict' && e.item === item && e.side === 'trained' && e.trait === 'truthfulness'),
    );
    assert.equal(event.value, 'violation');
    await wb.screenshot('vsix-labeled');

    // Export Labels… from the palette: format quick pick, then the save dialog.
    await wb.runCommand('Transcript Review: Export Labels');
    const input = page.locator('.quick-input-widget input');
    await waitForPickRow(wb, '.quick-input-list .monaco-list-row[aria-label*="labels"]', 'vsix-export-format', 15_000);
    await input.fill('labels');
    await page.waitForSelector('.quick-input-list .monaco-list-row.focused[aria-label^="labels"]', { timeout: 10_000 });
    await page.keyboard.press('Enter');
    const exported = join(workspace, 'exported.labels.jsonl');
    await answerFileDialog(page, 'Export labels labels to', exported);
    const rows = await waitFor('the exported labels', () => readJsonLines(exported), 30_000);
    const row = rows.find((r) => r.item === item);
    assert.ok(row, `no exported row for ${item}`);
    assert.deepEqual(row.verdicts, [{ side: 'trained', trait: 'truthfulness', value: 'violation' }]);
    await page.waitForSelector('.notification-toast:has-text("exported.labels.jsonl")', { timeout: 10_000 });
    // The progress notification goes once the export is done.
    await page.waitForSelector('.notification-toast:has-text("Exporting")', { state: 'detached', timeout: 10_000 });
    await wb.screenshot('vsix-exported');

    // The walkthrough ticked the steps whose commands ran.
    await page.click('.tabs-container .tab:has-text("Walkthrough")');
    for (const id of ['openSamples', 'exportLabels']) {
      await page.waitForSelector(`.getting-started-step[data-step-id$="#${id}"][aria-checked="true"]`, { timeout: 10_000 });
    }
    await wb.screenshot('walkthrough-progress');
  } finally {
    await wb?.close();
    rmSync(tmp, { recursive: true, force: true });
  }
});
