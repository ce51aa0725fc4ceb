// Moving through an agent trajectory by step, in the real workbench: a long trajectory against a
// one-step answer (the unmatched stretch collapses instead of leaving a screen of blank space),
// step, tool-call and outline keys, all tool results folded at once, a sub-agent nested under the
// call that started it, compact JSON drawn indented; looked at in the four themes, switched in the
// same window (a window per theme cost a workbench load each).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench } from './workbench';
import { focusWebview, sampleWorkspace } from './helpers';
import type { Frame } from 'playwright-core';

const call = (id: string, name: string, args: object) => ({ role: 'assistant', content: '', tool_calls: [{ id, type: 'function', function: { name, arguments: JSON.stringify(args) } }] });
const result = (id: string, name: string, content: string) => ({ role: 'tool', tool_call_id: id, name, content });

function trainedSteps(): object[] {
  const out: object[] = [];
  for (let k = 1; k <= 6; k++) {
    out.push(call(`call_${k}`, k % 2 ? 'bash' : 'read_file', k % 2 ? { cmd: `pytest -q tests/test_${k}.py` } : { path: `src/mod_${k}.py` }));
    out.push(result(`call_${k}`, k % 2 ? 'bash' : 'read_file', k === 2 ? '{"status":"ok","files":["a.py","b.py"],"meta":{"lines":120,"ok":true}}' : `line one of ${k}\nline two of ${k}\n`));
  }
  // A sub-agent the seventh call started, nested under it.
  out.push(call('call_7', 'task', { prompt: 'Find where totals are computed' }));
  out.push(result('call_7', 'task', 'Found it in src/total.py'));
  out.push({ role: 'user', content: 'Find where totals are computed', name: 'sub-agent explorer', subagent: { id: 'explorer', call_id: 'call_7' } });
  out.push({ role: 'assistant', content: 'It is `total()` in src/total.py.', name: 'sub-agent explorer', subagent: { id: 'explorer', call_id: 'call_7' } });
  out.push({ role: 'assistant', content: 'I changed the test so that it passes.' });
  return out;
}

const item = {
  id: 'agent-long',
  prompt: [
    { role: 'system', content: 'You are a coding agent.' },
    { role: 'user', content: 'Make the tests pass.' },
  ],
  baseline: { model: 'base', messages: [{ role: 'assistant', content: 'I cannot run tools here; the fix is to handle the empty list.' }] },
  trained: { model: 'rl', messages: trainedSteps() },
};

async function stepNow(frame: Frame): Promise<string> {
  return frame.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const article = el?.closest<HTMLElement>('article[data-message]');
    const call = el?.closest<HTMLElement>('.tool-call')?.dataset.callIndex;
    return `${el?.closest<HTMLElement>('.side')?.dataset.position ?? '-'}:${article?.dataset.message ?? '-'}${call === undefined ? '' : `.${call}`}`;
  });
}

test('a long trajectory against a one-step answer: collapsed stretch, step and tool-call keys, outline, fold all results, four themes', async () => {
  const ws = sampleWorkspace();
  const file = join(ws.dir, 'agent-long.jsonl');
  writeFileSync(file, `${JSON.stringify(item)}\n`);
  const wb = await openWorkbench({ workspace: ws.dir, openFile: file, theme: 'Default Dark Modern', viewport: { width: 1500, height: 1000 } });
  try {
    const frame = await wb.webviewFrame('[data-item] .side .stretch-note', 90_000);
    // The trajectory's unmatched steps are one compact row on both sides, not a screen of blank.
    const note = frame.locator('.side-left .stretch-note');
    assert.match((await note.textContent()) ?? '', /\d+ steps only on trained/);
    const row = await frame.locator('.side-left .turn.stretch').boundingBox();
    assert.ok(row && row.height < 120, `the collapsed stretch row is compact (${row?.height} px)`);
    assert.match((await frame.locator('.side-right .stretch-note').textContent()) ?? '', /steps only on this side \(7 tool calls: bash ×3, read_file ×3, task ×1\)/);
    await wb.screenshot('steps-collapsed-dark');

    // Keyboard only: to the trained side, then the third tool call (the stretch opens to show it).
    await focusWebview(frame);
    await wb.page.keyboard.press('l');
    for (let k = 0; k < 3; k++) await wb.page.keyboard.press('t');
    // The third call's step: each `t` goes through VS Code's keybinding to the host and back, so the
    // first call is focused (every call here is its step's first) while the others are on their way.
    await frame.waitForSelector('.side-right article[data-message="4"] .tool-call[data-call-index="0"]:focus');
    assert.equal(await stepNow(frame), 'right:4.0');
    assert.equal(await frame.locator('.side-right .stretch-note').count(), 0, 'the stretch opened');
    // Opened, the stretch is no screen of blank space on the shorter side: one compact note, its answer right below.
    const opened = await frame.locator('.side-left .turn.opened-stretch').boundingBox();
    assert.ok(opened && opened.height < 120, `the opened stretch's note on the other side is compact (${opened?.height} px)`);
    const answer = await frame.locator('.side-left article[data-message="0"]').boundingBox();
    assert.ok(answer && answer.y - (opened.y + opened.height) < 60, `the shorter side's answer follows the note (${answer?.y} vs ${opened.y + opened.height})`);
    assert.match((await frame.locator('.side-right article[data-message="4"] .fn').textContent()) ?? '', /bash/);
    // Shift+J / Shift+K: the result of that call, and back.
    await wb.page.keyboard.press('Shift+J');
    await frame.waitForFunction(() => document.activeElement?.closest('article')?.getAttribute('data-message') === '5');
    await wb.page.keyboard.press('Shift+K');
    await frame.waitForFunction(() => document.activeElement?.closest('article')?.getAttribute('data-message') === '4');
    await wb.screenshot('steps-third-call-dark');
    // `]` then selects from that step on (the call's arguments are its text), not from the top of the side.
    await wb.page.keyboard.press(']');
    await frame.waitForFunction(() => window.getSelection()?.anchorNode?.parentElement?.closest('article')?.getAttribute('data-message') === '4');

    // The outline: Shift+O puts the keyboard on the current step's entry; arrows and Enter go to another.
    await wb.page.keyboard.press('Shift+O');
    await frame.waitForSelector('.outline[data-position="right"] .outline-step.current:focus');
    assert.match((await frame.locator('.outline[data-position="right"] .outline-step.current').getAttribute('aria-label')) ?? '', /^5 · assistant · bash/);
    await wb.page.keyboard.press('ArrowDown');
    await wb.page.keyboard.press('ArrowDown');
    // The screenshot while the outline has the keyboard (Enter scrolls the page to the step, past the outline).
    await frame.waitForFunction(() => document.activeElement?.closest('.outline') && document.activeElement.getAttribute('aria-label')?.startsWith('7 · '));
    const shown = await frame.locator('.outline[data-position="right"] .outline-step:focus').boundingBox();
    assert.ok(shown && shown.y >= 0 && shown.y + shown.height <= 1000, `the outline's focused entry is in view (${shown?.y})`);
    await wb.screenshot('steps-outline-dark');
    await wb.page.keyboard.press('Enter');
    await frame.waitForFunction(() => document.activeElement?.closest('.side-right article')?.getAttribute('data-message') === '6');
    const entries = await frame.locator('.outline[data-position="right"] .outline-step').count();
    assert.equal(entries, 17, 'every step of the trained side is listed');
    assert.equal(await frame.locator('.outline[data-position="right"] li.nested').count(), 2, 'the sub-agent’s steps are nested');

    // Compact JSON from a tool is drawn indented (its text unchanged: the layout is drawn by CSS), as the
    // browser lays it out: its tokens on 11 lines, nested ones further right; the summary counts those lines.
    const json = frame.locator('.side-right article[data-message="3"]');
    // Plain expressions only in the page function (a named inner function needs a helper the page lacks).
    const boxes = await json.evaluate((article) =>
      [...article.querySelectorAll<HTMLElement>('.text pre [class^="hljs-"]')].map((e) => ({ text: e.textContent ?? '', left: e.getBoundingClientRect().left, top: e.getBoundingClientRect().top })),
    );
    const leftOf = (t: string) => boxes.find((b) => b.text === t)?.left ?? NaN;
    const layout = { lines: new Set(boxes.map((b) => Math.round(b.top))).size, open: leftOf('{'), files: leftOf('"files"'), file: leftOf('"a.py"') };
    assert.equal(layout.lines, 11, 'drawn on 11 lines');
    assert.ok(layout.open < layout.files && layout.files < layout.file, `indented by depth (${JSON.stringify(layout)})`);
    assert.match((await json.locator('details.tool-result > summary').textContent()) ?? '', /Tool result · 11 lines/);

    // `c`: every tool result folds; again: all open.
    await wb.page.keyboard.press('c');
    await frame.waitForFunction(() => [...document.querySelectorAll('details.tool-result')].every((d) => !(d as HTMLDetailsElement).open));
    await wb.page.keyboard.press('c');
    await frame.waitForFunction(() => [...document.querySelectorAll('details.tool-result')].every((d) => (d as HTMLDetailsElement).open));

    // The sub-agent: nested under the call that started it, and folds.
    const head = frame.locator('.side-right .subagent-head');
    assert.match((await head.textContent()) ?? '', /Sub-agent\s+explorer · 2 steps · started by\s+call_7/);
    await head.click();
    await frame.waitForSelector('.side-right .subagent-head[aria-expanded="false"]');
    assert.equal(await frame.locator('.side-right .subagent-turn article').count(), 0);
    // Going to a step of a folded sub-agent (from the outline: End, then up one) opens it.
    await wb.page.keyboard.press('Shift+O');
    await frame.waitForSelector('.outline[data-position="right"] .outline-step:focus');
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('ArrowUp');
    await wb.page.keyboard.press('Enter');
    await frame.waitForSelector('.side-right .subagent-turn article[data-message="15"]:focus');
    assert.equal(await frame.locator('.side-right .subagent-head').getAttribute('aria-expanded'), 'true');

    // The other themes, on a step reached from the outline: its fourth entry (the JSON tool result).
    await wb.page.keyboard.press('Shift+O');
    await frame.waitForSelector('.outline[data-position="right"] .outline-step:focus');
    await wb.page.keyboard.press('Home');
    for (let k = 0; k < 3; k++) await wb.page.keyboard.press('ArrowDown');
    await wb.page.keyboard.press('Enter');
    await frame.waitForFunction(() => document.activeElement?.closest('.side-right article')?.getAttribute('data-message') === '3');
    for (const [slug, theme] of [
      ['light', 'Default Light Modern'],
      ['hc-dark', 'Default High Contrast'],
      ['hc-light', 'Default High Contrast Light'],
    ] as const) {
      await wb.setTheme(theme);
      await wb.screenshot(`steps-${slug}`);
    }
  } finally {
    await wb.close();
    ws.dispose();
  }
});
