// Each agent-trace format opens in the review editor as two runs paired by task (a manifest
// naming two folders): the first pair shows a tool call and a sub-agent's turns, and the
// editor lists the task only the baseline ran.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench, repoRoot } from './workbench';
import { openAndScreenshot, sampleWorkspace } from './helpers';

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
      for (let k = 0; k < 5 && (await frame.$('.stretch-open')); k++) {
        await frame.click('.stretch-open');
        await frame.waitForTimeout(200);
      }
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
