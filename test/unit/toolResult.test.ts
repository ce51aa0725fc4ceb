import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isToolError, lineCount, resultForm } from '../../webview/toolResult';
import { toolResultFrame } from '../../webview/views/toolCall';
import { promptBody } from '../../webview/views/markdown';
import { markup } from './litText';

/**
 * What a browser draws of rendered markup, as review.css has it: `.md-syntax` is display:none, an
 * `.md-ref`'s `data-show` is drawn by `::before`; other tags draw their text.
 */
function drawnAsCss(html: string): string {
  return html
    .replace(/<span class=md-syntax>[^<]*<\/span>/g, '')
    .replace(/<span class="md-ref" data-show=([\s\S]*?) title=[^>]*>/g, '$1')
    .replace(/<[^>]*>/g, '');
}

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

test('compact JSON from a tool is drawn indented, and its summary counts the lines drawn, not the one line of its source', () => {
  const text = '{"status":"ok","files":["a.py","b.py"],"meta":{"lines":120,"ok":true}}';
  const m = { role: 'tool' as const, content: text };
  const html = markup(toolResultFrame(m, text, promptBody(text, false, 'json')));
  const [summary, body] = html.split('</summary>') as [string, string];
  const drawn = drawnAsCss(body).trim();
  assert.equal(drawn, JSON.stringify(JSON.parse(text), null, 2));
  assert.match(drawnAsCss(summary), new RegExp(`Tool result · ${lineCount(drawn)} lines`));
  assert.equal(lineCount(drawn), 11);
  // Raw draws the source: one line.
  const raw = markup(toolResultFrame(m, text, promptBody(text, true, 'json'), true));
  assert.match(raw, /Tool result · 1 line</);
  // JSON laid out already, and text, count their own lines.
  const laid = '{\n  "a": 1\n}';
  assert.match(markup(toolResultFrame({ role: 'tool', content: laid }, laid, promptBody(laid, false, 'json'))), /Tool result · 3 lines/);
});
