// An agent item with tool calls on both sides and in the shared prompt: every step readable —
// the function, its id and arguments, and a multi-line tool result with its line breaks.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench } from './workbench';
import { sampleWorkspace } from './helpers';

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
