// Labeling in the real workbench: a span tag from a text selection and the `1` key, a
// preference from `d`, undo from Ctrl+Z, and labels that survive a SIGKILL of the whole server.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Frame } from 'playwright-core';
import { openWorkbench } from './workbench';
import { assertOnlyAskedFor, focusWebview, loggedEvents, sampleWorkspace, waitFor, waitSaved } from './helpers';

/** Selects characters [start, end) of the trained side's first assistant message. */
async function selectInTrained(frame: Frame, start: number, end: number): Promise<string> {
  return frame.evaluate(
    ([s, e]) => {
      const el = document.querySelector<HTMLElement>('.side[data-side="trained"] .text[data-field="content"]')!;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let offset = 0;
      const range = document.createRange();
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const len = n.textContent!.length;
        if (offset <= s && s <= offset + len) range.setStart(n, s - offset);
        if (offset <= e && e <= offset + len) {
          range.setEnd(n, e - offset);
          break;
        }
        offset += len;
      }
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      return sel.toString();
    },
    [start, end] as const,
  );
}

test('span tag with 1, preference with d, undo, and nothing lost after SIGKILL', async () => {
  const ws = sampleWorkspace();
  // A server of its own: the test kills it.
  let wb = await openWorkbench({ workspace: ws.dir, openFile: ws.file, ownServer: true });
  try {
    let frame = await wb.webviewFrame('.side[data-side="trained"] .text', 60_000);
    const item = (await frame.getAttribute('[data-item]', 'data-item'))!;
    await focusWebview(frame);
    const quote = await selectInTrained(frame, 7, 24);
    await wb.page.keyboard.press('1');
    await frame.waitForSelector('.span-editor');
    await wb.page.keyboard.press('3'); // severity: critical
    await frame.waitForSelector('.sev.on:has-text("critical")');
    await wb.page.keyboard.press('Tab');
    await wb.page.keyboard.type('tells the user to act');
    await wb.page.keyboard.press('Enter');
    await frame.waitForSelector('.text .span');
    await waitSaved(frame);
    const spans = await waitFor('the span event', () => {
      const s = loggedEvents(ws.file).filter((e) => e.kind === 'span');
      return s.length >= 1 ? s : undefined;
    });
    assert.equal(spans.length, 1, 'one span, written from its dialog with its severity and note');
    const first = spans[0]!;
    assert.equal(first.item, item);
    assert.equal(first.side, 'trained');
    assert.equal(first.message, 0);
    assert.equal(first.field, 'content');
    assert.equal(first.start, 7);
    assert.equal(first.end, 24);
    assert.equal(first.quote, quote);
    assert.equal(first.trait, 'truthfulness');
    const edited = spans[spans.length - 1]! as typeof first & { severity?: string; note?: string };
    assert.equal(edited.severity, 'critical');
    assert.equal(edited.note, 'tells the user to act');
    await wb.screenshot('labeling-span');

    await focusWebview(frame);
    await wb.page.keyboard.press('d');
    await frame.waitForSelector('button.pref.on[data-pref="trained"]');
    await waitSaved(frame);
    const pref = await waitFor('the preference event', () => loggedEvents(ws.file).find((e) => e.kind === 'preference'));
    assert.equal(pref.value, 'trained');
    // No letter of the note reached a key: the span and this preference are all there is.
    assertOnlyAskedFor(loggedEvents(ws.file), (e) => e.item === item && ((e.kind === 'span' && e.trait === 'truthfulness') || (e.kind === 'preference' && e.value === 'trained')));

    await wb.page.keyboard.press('Control+z');
    await waitFor('the undo event', () => loggedEvents(ws.file).find((e) => e.op === 'remove' && e.target === pref.id));
    await frame.waitForSelector('button.pref.on', { state: 'detached' });
    await wb.page.keyboard.press('d');
    await frame.waitForSelector('button.pref.on[data-pref="trained"]');
    await waitSaved(frame);
    const removed = new Set([pref.id]);
    assertOnlyAskedFor(loggedEvents(ws.file), (e) => (e.op === 'remove' && removed.has(e.target ?? '')) || (e.item === item && (e.kind === 'span' || (e.kind === 'preference' && e.value === 'trained'))));
    // What the UI shows as saved: the label ids it renders (the pressed preference, the span rows).
    const shownIds = async (f: Frame) => f.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-label], [data-span]')].map((e) => e.dataset.label ?? e.dataset.span!).sort());
    const acknowledged = await shownIds(frame);
    assert.equal(acknowledged.length, 2, `the preference and the span are shown: ${acknowledged.join(', ')}`);

    // Crash: SIGKILL the whole code-server process tree right after "Saved", then restart.
    process.kill(-wb.server.pid, 'SIGKILL');
    await wb.close().catch(() => undefined);
    const onDisk = new Set(loggedEvents(ws.file).map((e) => e.id));
    for (const id of acknowledged) assert.ok(onDisk.has(id), `label ${id}, shown as saved, is on disk after the crash`);
    wb = await openWorkbench({ workspace: ws.dir, openFile: ws.file });
    frame = await wb.webviewFrame('.side[data-side="trained"] .text .span', 60_000);
    await frame.waitForSelector('button.pref.on[data-pref="trained"]');
    assert.deepEqual(await shownIds(frame), acknowledged, 'the same labels are shown after the restart');
    await wb.screenshot('labeling-after-restart');
  } finally {
    await wb.close();
    ws.dispose();
  }
});
