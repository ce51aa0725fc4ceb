// Export and report from the editor: the palette export writes the same bytes as the CLI, and
// the calibration report webview shows its plots in dark and light themes.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench, repoRoot } from './workbench';
import { answerFileDialog, sampleWorkspace, waitFor, writeTwoAnnotatorLogs } from './helpers';

test('Export Labels (csv) from the palette matches the CLI’s export', async () => {
  const ws = sampleWorkspace();
  writeTwoAnnotatorLogs(ws.file);
  const wb = await openWorkbench({ workspace: ws.dir, openFile: ws.file });
  try {
    await wb.webviewFrame('.side[data-side="trained"] .text', 60_000);
    await wb.runCommand('Transcript Review: Export Labels');
    const input = wb.page.locator('.quick-input-widget input');
    await input.fill('csv');
    await wb.page.waitForSelector('.quick-input-list .monaco-list-row.focused[aria-label*="csv"]');
    await wb.page.keyboard.press('Enter');
    const out = join(ws.dir, 'exported.csv');
    await answerFileDialog(wb.page, 'Export csv labels to', out);
    const cli = execFileSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'export', '--format', 'csv', ws.file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    // Until the written file has all of its bytes, then compared whole.
    await waitFor('the export', () => existsSync(out) && readFileSync(out, 'utf8').length >= cli.length, 30_000);
    assert.equal(readFileSync(out, 'utf8'), cli);
    assert.match(cli.split('\r\n')[0]!, /^item,annotator,side,trait,kind,value/);
  } finally {
    await wb.close();
    ws.dispose();
  }
});

test('Calibration Report webview shows plots (dark and light themes)', async () => {
  const ws = sampleWorkspace();
  writeTwoAnnotatorLogs(ws.file);
  const wb = await openWorkbench({ workspace: ws.dir, openFile: ws.file, theme: 'Default Dark Modern' });
  try {
    await wb.webviewFrame('.side[data-side="trained"] .text', 60_000);
    await wb.runCommand('Transcript Review: Calibration Report');
    const frame = await wb.webviewFrame('svg', 60_000);
    const svgs = await frame.locator('svg').count();
    assert.ok(svgs >= 3, `only ${svgs} plots`);
    const text = (await frame.textContent('body')) ?? '';
    assert.match(text, /better on \d+ of \d+ benchmarks/);
    assert.match(text, /ROC-AUC/i);
    // Each theme switched in the same window (a window per theme cost a workbench load each).
    for (const [slug, theme] of [
      ['dark', 'Default Dark Modern'],
      ['light', 'Default Light Modern'],
    ] as const) {
      await wb.setTheme(theme);
      await wb.screenshot(`report-${slug}`);
    }
  } finally {
    await wb.close();
    ws.dispose();
  }
});
