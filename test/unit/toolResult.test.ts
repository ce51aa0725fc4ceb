import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isToolError, lineCount, resultForm } from '../../webview/toolResult';
import { toolResultFrame, type ResultFold } from '../../webview/views/toolCall';
import { promptBody } from '../../webview/views/markdown';
import { markup } from './litText';

/**
 * What a browser draws of rendered markup, as review.css has it (hidden syntax is left out by
 * `markup`): an `.md-ref`'s `data-show` is drawn by `::before`; other tags draw their text.
 */
/** A result's open state with nothing chosen by the user (it opens as its size says). */
const asDrawn = (chosen?: boolean): ResultFold => ({ chosen, marked: false, choose: () => undefined });

function drawnAsCss(html: string): string {
  return html
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
  const html = markup(toolResultFrame(m, text, () => promptBody(text, false, 'json'), false, asDrawn()));
  const [summary, body] = html.split('</summary>') as [string, string];
  const drawn = drawnAsCss(body).trim();
  assert.equal(drawn, JSON.stringify(JSON.parse(text), null, 2));
  assert.match(drawnAsCss(summary), new RegExp(`Tool result · ${lineCount(drawn)} lines`));
  assert.equal(lineCount(drawn), 11);
  // Raw draws the source: one line.
  const raw = markup(toolResultFrame(m, text, () => promptBody(text, true, 'json'), true, asDrawn()));
  assert.match(raw, /Tool result · 1 line</);
  // JSON laid out already, and text, count their own lines.
  const laid = '{\n  "a": 1\n}';
  assert.match(markup(toolResultFrame({ role: 'tool', content: laid }, laid, () => promptBody(laid, false, 'json'), false, asDrawn())), /Tool result · 3 lines/);
});

/** The listener a template binds to an event (`@toggle=${fn}`): the function among its values. */
function listener(v: unknown): ((e: Event) => void) | undefined {
  const values = (v as { values?: unknown[] }).values ?? [];
  return values.find((x): x is (e: Event) => void => typeof x === 'function');
}
/** The value bound to the frame's `?open` (the one boolean among its values). */
function openOf(v: unknown): boolean | undefined {
  return ((v as { values?: unknown[] }).values ?? []).find((x): x is boolean => typeof x === 'boolean');
}
const toggledTo = (open: boolean) => ({ currentTarget: { open } }) as unknown as Event;

test('a collapsed tool result draws no body until it is opened; opened, it draws what was drawn before', () => {
  // 40 lines of a log: past the line limit, so it opens collapsed.
  const text = Array.from({ length: 40 }, (_, k) => `line ${k}: PASSED tests/test_${k}.py::test_case`).join('\n');
  const m = { role: 'tool' as const, content: text };
  const body = () => promptBody(text, false, 'text');
  const chosen: boolean[] = [];
  const fold = (c?: boolean): ResultFold => ({ chosen: c, marked: false, choose: (open) => void chosen.push(open) });
  let bodies = 0;
  const collapsed = toolResultFrame(m, text, () => (bodies++, body()), false, fold());
  const [summary, rest] = markup(collapsed).split('</summary>') as [string, string];
  assert.equal(bodies, 0, 'the body is not even built');
  assert.match(drawnAsCss(summary), /Tool result · 40 lines/, 'the summary counts the lines all the same');
  assert.equal(openOf(collapsed), false);
  assert.doesNotMatch(rest, /<(div|span|pre|code)/, 'no element of the body is drawn');
  // The browser toggles it open (a click, or Enter on the summary): that is the user's choice.
  listener(collapsed)?.(toggledTo(true));
  assert.deepEqual(chosen, [true]);
  // A toggle that only follows the state drawn is no choice.
  listener(collapsed)?.(toggledTo(false));
  assert.deepEqual(chosen, [true]);
  // Drawn again opened: the body is the markup the eager frame drew (the body, whole, after the summary).
  const openedFrame = toolResultFrame(m, text, body, false, fold(true));
  assert.equal(openOf(openedFrame), true);
  const opened = markup(openedFrame);
  assert.equal(opened.split('</summary>')[1]!.replace(/\s*<\/details>\s*$/, ''), markup(body()));
  assert.match(drawnAsCss(opened), /line 39: PASSED/);
});

test('a tool result opens when short in lines and characters, or when a span is in it; a choice wins over both', () => {
  const frame = (text: string, f: ResultFold) => toolResultFrame({ role: 'tool', content: text }, text, () => promptBody(text, false, 'text'), false, f);
  // Open, and its body drawn.
  const opened = (v: unknown) => openOf(v) === true && markup(v).includes('PASSED');
  const short = 'ok: 3 PASSED';
  const wide = `${'x'.repeat(2500)} PASSED`; // one line, past the character limit
  assert.ok(opened(frame(short, asDrawn())), 'short: open');
  assert.ok(!opened(frame(wide, asDrawn())), 'one long line: collapsed');
  assert.ok(opened(frame(wide, { chosen: undefined, marked: true, choose: () => undefined })), 'with a span in it: open');
  assert.ok(!opened(frame(short, asDrawn(false))), 'closed by the user (or `c`): collapsed');
  assert.ok(opened(frame(wide, asDrawn(true))), 'opened by the user (or `c`): open');
});
