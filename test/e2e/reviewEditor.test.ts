// The first slice, in the real workbench: open a sample, both sides visible, j moves on,
// a verdict button writes an event to the label log; looked at in three themes, switched in
// the same window (a window per theme cost a workbench load each).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { openWorkbench } from './workbench';
import { focusWebview, loggedEvents, sampleWorkspace, waitFor, waitSaved } from './helpers';

const themes = [
  { slug: 'dark', theme: 'Default Dark Modern' },
  { slug: 'light', theme: 'Default Light Modern' },
  { slug: 'high-contrast', theme: 'Default High Contrast' },
];

test('review editor: open, read both sides, j, record a verdict (dark, light and high contrast themes)', async () => {
  const ws = sampleWorkspace();
  const wb = await openWorkbench({ workspace: ws.dir, openFile: ws.file, theme: themes[0]!.theme });
  try {
    const frame = await wb.webviewFrame('.side[data-side="trained"] .text', 60_000);
    const baseline = await frame.textContent('.side[data-side="baseline"] .text');
    const trained = await frame.textContent('.side[data-side="trained"] .text');
    assert.ok(baseline && baseline.length > 40, 'baseline text is not shown');
    assert.ok(trained && trained.length > 40, 'trained text is not shown');
    assert.match((await frame.textContent('[data-counter]')) ?? '', /^1 \/ \d+/);
    assert.equal(await frame.getAttribute('.side[data-side="trained"]', 'role'), 'region');
    assert.match((await frame.getAttribute('.side[data-side="trained"]', 'aria-label')) ?? '', /^trained/);
    // The first item, unlabeled, in each theme (the README's and the walkthrough's images).
    for (const { slug, theme } of themes) {
      await wb.setTheme(theme);
      await wb.screenshot(`review-editor-${slug}`);
    }

    await focusWebview(frame);
    const firstId = await frame.getAttribute('[data-item]', 'data-item');
    await wb.page.keyboard.press('j');
    await frame.waitForSelector(`[data-item]:not([data-item="${firstId}"])`);
    assert.match((await frame.textContent('[data-counter]')) ?? '', /^2 \/ \d+/);
    const secondId = await frame.getAttribute('[data-item]', 'data-item');
    assert.notEqual(secondId, firstId);

    await frame.click('button[data-side="trained"][data-trait="truthfulness"][data-verdict="violation"]');
    await frame.waitForSelector('button[data-side="trained"][data-trait="truthfulness"][data-verdict="violation"][aria-pressed="true"]');
    await waitSaved(frame);
    const event = await waitFor('the verdict in the log', () =>
      loggedEvents(ws.file).find((e) => e.kind === 'verdict' && e.item === secondId && e.side === 'trained' && e.trait === 'truthfulness'),
    );
    assert.equal(event.value, 'violation');
    assert.equal(event.v, 1);
    // The second item with its verdict, in each theme; the window is left in the light theme.
    for (const { slug, theme } of [...themes.slice(2), ...themes.slice(0, 2)]) {
      await wb.setTheme(theme);
      await wb.screenshot(`review-editor-labeled-${slug}`);
    }

    // Another window (or a git pull) appends to the log: the view picks it up within a second.
    const log = ws.file.replace(/\.jsonl$/, '.labels') + `/${userInfo().username}.jsonl`;
    appendFileSync(log, JSON.stringify({ v: 1, op: 'add', id: 'outside-1', at: new Date().toISOString(), annotator: userInfo().username, item: secondId, kind: 'verdict', side: 'baseline', trait: 'fairness', value: 'violation' }) + '\n');
    const t = Date.now();
    await frame.waitForSelector('button[data-side="baseline"][data-trait="fairness"][data-verdict="violation"][aria-pressed="true"]', { timeout: 5000 });
    const shownMs = Date.now() - t;
    console.log(`an outside change to the log showed after ${shownMs} ms`);
    assert.ok(shownMs < 2000, `an outside change took ${shownMs} ms to show`);
    assert.equal(await frame.getAttribute('button[data-side="trained"][data-trait="truthfulness"][data-verdict="violation"]', 'aria-pressed'), 'true', 'what was on screen was lost');

    // `n`: the next item I have not labeled; `g`: an item by id.
    await focusWebview(frame);
    await wb.page.keyboard.press('n');
    await frame.waitForSelector(`[data-item]:not([data-item="${secondId}"])`);
    assert.match((await frame.textContent('[data-counter]')) ?? '', /^3 \/ /);
    await focusWebview(frame);
    await wb.page.keyboard.press('g');
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('law-0001');
    await wb.page.keyboard.press('Enter');
    await frame.waitForSelector('[data-item="law-0001"]');
  } finally {
    await wb.close();
    ws.dispose();
  }
});
