import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isToolError, lineCount, resultForm } from '../../webview/toolResult';

test('a tool result that is a JSON object or array is JSON', () => {
  assert.equal(resultForm('{"ok": true, "rows": [1, 2]}'), 'json');
  assert.equal(resultForm('  [1, 2]\n'), 'json');
  assert.equal(resultForm('{not json'), 'text');
});

test('code and logs are preformatted text, even with Markdown-looking lines', () => {
  assert.equal(resultForm('def f(x):\n    return x * 2\n'), 'text');
  assert.equal(resultForm('Traceback (most recent call last):\n  File "a.py", line 3, in <module>\nKeyError: 1'), 'text');
  assert.equal(resultForm('===== 3 passed, 1 failed in 0.2s =====\nFAILED test_a.py::test_x'), 'text');
  assert.equal(resultForm('# comment in a shell script\n$ rm -rf tests/'), 'text');
  assert.equal(resultForm('a *b* c\n- item'), 'text');
});

test('text with Markdown structure is Markdown', () => {
  assert.equal(resultForm('# Results\n\nTwo pages found.'), 'markdown');
  assert.equal(resultForm('Here:\n```py\nprint(1)\n```'), 'markdown');
  assert.equal(resultForm('| a | b |\n|---|---|\n| 1 | 2 |'), 'markdown');
});

test('line counts ignore a trailing line break', () => {
  assert.equal(lineCount(''), 0);
  assert.equal(lineCount('one'), 1);
  assert.equal(lineCount('one\n'), 1);
  assert.equal(lineCount('one\ntwo'), 2);
  assert.equal(lineCount('one\n\nthree\n'), 3);
});

test('a failed tool call is marked from its message', () => {
  assert.equal(isToolError({ role: 'tool', name: 'bash · error (timeout)' }), true);
  assert.equal(isToolError({ role: 'tool', name: 'error (parsing)' }), true);
  assert.equal(isToolError({ role: 'tool', name: 'read_errors' }), false);
  assert.equal(isToolError({ role: 'assistant', name: 'error' }), false);
});
