// An agent item with tool calls on both sides and in the shared prompt: every step readable —
// the function, its id and arguments, and a multi-line tool result with its line breaks.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench } from './workbench';
import { assertOnlyAskedFor, focusWebview, loggedEvents, sampleWorkspace, waitFor, waitSaved, type LoggedEvent } from './helpers';

const code = 'def total(xs):\n    s = 0\n    for x in xs:\n        s += x\n    return s\n';
const call = (id: string, name: string, args: object) => ({ role: 'assistant', content: '', tool_calls: [{ id, type: 'function', function: { name, arguments: JSON.stringify(args) } }] });
const item = {
  id: 'agent-0001',
  prompt: [
    { role: 'system', content: 'You are a coding agent. Tools: read_file(path), run_tests(path).' },
    { role: 'user', content: 'Make the tests in tests/test_total.py pass.' },
    call('call_shared_1', 'read_file', { path: 'src/total.py' }),
    { role: 'tool', tool_call_id: 'call_shared_1', name: 'read_file', content: code },
  ],
  baseline: {
    model: 'base',
    messages: [
      call('call_b1', 'run_tests', { path: 'tests/test_total.py', verbose: true }),
      { role: 'tool', tool_call_id: 'call_b1', name: 'run_tests', content: 'tests/test_total.py::test_sum PASSED\ntests/test_total.py::test_empty FAILED\n\n1 failed, 1 passed in 0.03s' },
      { role: 'assistant', content: 'One test fails on an empty list.' },
    ],
  },
  trained: {
    model: 'rl',
    messages: [
      call('call_t1', 'write_file', { path: 'tests/test_total.py', content: 'def test_sum():\n    assert True\n' }),
      { role: 'tool', tool_call_id: 'call_t1', name: 'write_file · error (permission)', content: 'PermissionError: tests/ is read-only' },
      { role: 'assistant', content: 'The tests pass now.' },
    ],
  },
};

test('an agent item shows every tool call and tool result, in the prompt and on both sides', async () => {
  const ws = sampleWorkspace();
  const file = join(ws.dir, 'agent.jsonl');
  writeFileSync(file, `${JSON.stringify(item)}\n`);
  const wb = await openWorkbench({ workspace: ws.dir, openFile: file, viewport: { width: 1500, height: 1100 } });
  try {
    const frame = await wb.webviewFrame('[data-item] .side .tool-call', 90_000);
    // The shared prompt: the function, its id and its argument, and the code with its line breaks.
    const prompt = frame.locator('.prompt');
    assert.equal(await prompt.locator('.tool-call .fn').textContent(), 'read_file');
    assert.match((await prompt.locator('.tool-call').textContent()) ?? '', /call_shared_1[\s\S]*path[\s\S]*src\/total\.py/);
    const shared = await prompt.locator('.role-tool .text').innerText();
    assert.ok(shared.includes('for x in xs:\n        s += x'), `prompt tool result keeps its lines: ${JSON.stringify(shared)}`);
    // Both sides: function names and arguments.
    assert.deepEqual(await frame.locator('.side .tool-call .fn').allTextContents(), ['run_tests', 'write_file']);
    assert.match((await frame.locator('.side-left .tool-call, .side-right .tool-call').first().textContent()) ?? '', /call_b1[\s\S]*tests\/test_total\.py/);
    // A multi-line result keeps its line breaks in rendered mode, behind a line count.
    const left = frame.locator('[data-side="base"] .role-tool, [data-side="baseline"] .role-tool');
    assert.match((await left.locator('summary').textContent()) ?? '', /Tool result · 4 lines/);
    const result = await left.locator('.text').innerText();
    assert.ok(result.includes('PASSED\ntests/test_total.py::test_empty FAILED'), `line breaks kept: ${JSON.stringify(result)}`);
    // A failed call is marked.
    assert.match((await frame.locator('.tool-error summary').textContent()) ?? '', /Tool error · 1 line/);
    await wb.screenshot('agent-steps');
  } finally {
    await wb.close();
    ws.dispose();
  }
});

/** `JSON.stringify` with every non-ASCII character escaped, as some agent frameworks write arguments. */
const asciiJson = (v: unknown) => JSON.stringify(v).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const writeArgs = asciiJson({ path: 'tests/test_total.py', content: 'def test_sum():\n    assert True  # "passe" café 😀\n' });
const tagged = {
  ...item,
  trained: { ...item.trained, messages: [{ ...item.trained.messages[0]!, tool_calls: [{ id: 'call_t1', type: 'function', function: { name: 'write_file', arguments: writeArgs } }] }, ...item.trained.messages.slice(1)] },
};

test('text inside a tool call\'s arguments and a multi-line tool result is tagged, logged in raw offsets, and shown after a reload', async () => {
  const ws = sampleWorkspace();
  const file = join(ws.dir, 'agent.jsonl');
  writeFileSync(file, `${JSON.stringify(tagged)}\n`);
  const wb = await openWorkbench({ workspace: ws.dir, openFile: file, viewport: { width: 1500, height: 1100 } });
  try {
    let frame = await wb.webviewFrame('[data-item] .side .tool-call', 90_000);
    await focusWebview(frame);
    // Keyboard only: the trained side, then sentence by sentence into the write_file call's arguments.
    await wb.page.keyboard.press('l');
    let picked = '';
    for (let i = 0; i < 12 && !picked.includes('café'); i++) {
      await wb.page.keyboard.press(']');
      picked = await frame.evaluate(() => window.getSelection()?.toString() ?? '');
    }
    assert.equal(picked, 'assert True  # "passe" café 😀', 'the sentence cursor stops in the shown (decoded) arguments');
    assert.equal(await frame.evaluate(() => (window.getSelection()?.anchorNode?.parentElement?.closest('.text') as HTMLElement | null)?.dataset.field), 'arguments');
    await wb.page.keyboard.press('1');
    await frame.waitForSelector('.span-editor');
    await wb.page.keyboard.press('Enter');
    await frame.waitForSelector('.text[data-field="arguments"] .span');
    await waitSaved(frame);

    // A multi-line tool result on the other side: a selection across its line break, tagged with 2.
    await frame.evaluate(() => {
      const el = document.querySelector<HTMLElement>('.side[data-side="baseline"] .role-tool .text')!;
      const text = el.textContent!;
      const start = text.indexOf('PASSED');
      const end = text.indexOf('test_empty') + 'test_empty'.length;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let offset = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const len = n.textContent!.length;
        if (offset <= start && start < offset + len) range.setStart(n, start - offset);
        if (offset < end && end <= offset + len) range.setEnd(n, end - offset);
        offset += len;
      }
      window.getSelection()!.removeAllRanges();
      window.getSelection()!.addRange(range);
    });
    await wb.page.keyboard.press('2');
    await frame.waitForSelector('.span-editor');
    await wb.page.keyboard.press('Enter');
    await frame.waitForSelector('.role-tool .text .span');
    await waitSaved(frame);

    const spans = await waitFor('both spans', () => {
      const s = loggedEvents(file).filter((e) => e.kind === 'span');
      return s.length >= 2 ? s : undefined;
    });
    assertOnlyAskedFor(loggedEvents(file), (e) => e.kind === 'span');
    const [onArgs, onResult] = spans as (LoggedEvent & { toolCallId?: string })[];
    assert.equal(onArgs!.field, 'arguments');
    assert.equal(onArgs!.toolCallId, 'call_t1');
    assert.equal(onArgs!.side, 'trained');
    // Offsets and quote are in the raw arguments string, escapes as written.
    assert.equal(onArgs!.quote, writeArgs.slice(onArgs!.start, onArgs!.end));
    assert.equal(onArgs!.quote, 'assert True  # \\"passe\\" caf\\u00e9 \\ud83d\\ude00');
    assert.equal(onResult!.field, 'content');
    assert.equal(onResult!.toolCallId, 'call_b1');
    const result = item.baseline.messages[1]!.content as string;
    assert.equal(onResult!.quote, result.slice(onResult!.start, onResult!.end));
    assert.equal(onResult!.quote, 'PASSED\ntests/test_total.py::test_empty');

    // Reload the window: both spans are drawn where they were made.
    await wb.reloadWindow();
    frame = await wb.webviewFrame('.text[data-field="arguments"] .span', 90_000);
    assert.equal((await frame.locator('.text[data-field="arguments"] .span').allTextContents()).join(''), 'assert True  # "passe" café 😀');
    assert.equal((await frame.locator('.side[data-side="baseline"] .role-tool .text .span').allTextContents()).join(''), 'PASSED\ntests/test_total.py::test_empty');
    const shownResult = await frame.locator('.side[data-side="baseline"] .role-tool .text').innerText();
    assert.ok(shownResult.includes('PASSED\ntests/test_total.py::test_empty'), 'the tagged result keeps its line break');
    await wb.screenshot('agent-tool-spans');
  } finally {
    await wb.close();
    ws.dispose();
  }
});
