import { test } from 'node:test';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkbench, repoRoot } from './workbench';
test('theme', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'trt-'));
  cpSync(join(repoRoot, 'samples'), ws, { recursive: true });
  const wb = await openWorkbench({ workspace: ws, theme: 'Default Light Modern' });
  try {
    console.log(readFileSync(join(wb.server.userDataDir, 'User', 'settings.json'), 'utf8'));
    await new Promise((r) => setTimeout(r, 5000));
    console.log(await wb.page.evaluate(() => document.querySelector('.monaco-workbench')?.className));
    await wb.screenshot('zz-theme');
  } finally { await wb.close(); }
});
