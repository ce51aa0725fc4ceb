// A 2 MB message on each side must not freeze the view: it renders, j / k still answer, and
// the diff falls back (and says so) instead of blocking.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench } from './workbench';
import { focusWebview, sampleWorkspace } from './helpers';

function bigText(seed: number, bytes: number): string {
  let s = seed;
  const words: string[] = [];
  let n = 0;
  while (n < bytes) {
    const w = 'w' + ((s = (s * 1103515245 + 12345) & 0x7fffffff) % 9000);
    words.push(words.length % 120 === 119 ? `${w}\n\n` : w);
    n += w.length + 1;
  }
  return words.join(' ');
}

test('a 2 MB message renders and the view stays responsive', async () => {
  const ws = sampleWorkspace();
  const first = JSON.parse(readFileSync(ws.file, 'utf8').split('\n')[0]!);
  first.id = 'huge-0001';
  first.baseline.messages = [{ role: 'assistant', content: bigText(1, 2_000_000) }];
  first.trained.messages = [{ role: 'assistant', content: bigText(2, 2_000_000) }];
  const file = join(ws.dir, 'huge.jsonl');
  writeFileSync(file, JSON.stringify(first) + '\n' + readFileSync(ws.file, 'utf8'));
  const wb = await openWorkbench({ workspace: ws.dir, openFile: file });
  try {
    const t = Date.now();
    const frame = await wb.webviewFrame('[data-item="huge-0001"] .side[data-side="trained"] .text', 90_000);
    const length = await frame.evaluate(() => document.querySelector('.side[data-side="trained"] .text')!.textContent!.length);
    assert.ok(length > 1_900_000, `only ${length} characters shown`);
    await wb.screenshot('large-message');
    await focusWebview(frame);
    const k = Date.now();
    await wb.page.keyboard.press('j');
    await frame.waitForSelector('[data-item]:not([data-item="huge-0001"])', { timeout: 15_000 });
    const switchMs = Date.now() - k;
    await wb.page.keyboard.press('k');
    await frame.waitForSelector('[data-item="huge-0001"]', { timeout: 15_000 });
    console.log(`2 MB sides: shown ${Date.now() - t} ms after the webview frame appeared; j took ${switchMs} ms`);
    assert.ok(switchMs < 10_000, `j took ${switchMs} ms`);
  } finally {
    await wb.close();
    ws.dispose();
  }
});

test('two long unrelated answers (a diff over the budget): the item shows, and says they differ throughout', async () => {
  const ws = sampleWorkspace();
  const lines = readFileSync(ws.file, 'utf8').split('\n').filter(Boolean);
  const second = JSON.parse(lines[1]!);
  second.id = 'unrelated-0002';
  // About 3,000 words a side with nothing in common: far over the diff budget a jump waits for.
  second.baseline.messages = [{ role: 'assistant', content: bigText(3, 20_000) }];
  second.trained.messages = [{ role: 'assistant', content: bigText(4, 20_000) }];
  const file = join(ws.dir, 'unrelated.jsonl');
  writeFileSync(file, [lines[0], JSON.stringify(second), ...lines.slice(2)].join('\n') + '\n');
  const wb = await openWorkbench({ workspace: ws.dir, openFile: file });
  try {
    const frame = await wb.webviewFrame('[data-item] .side[data-side="trained"] .text', 90_000);
    await focusWebview(frame);
    await wb.page.keyboard.press('j');
    await frame.waitForSelector('[data-item="unrelated-0002"]', { timeout: 15_000 });
    // Their diff is over the budget a jump waits for (as the neighbour of the first item it was prepared ahead): once there, the answers are said to differ throughout.
    const note = await frame.waitForSelector('[data-item="unrelated-0002"] .share-note', { timeout: 15_000 });
    assert.match((await note.textContent()) ?? '', /Answers differ throughout/);
    await wb.screenshot('unrelated-answers');
  } finally {
    await wb.close();
    ws.dispose();
  }
});
