// The drawn arguments hold exactly the shown text, in order: a selection's offsets in the element
// are offsets into `argumentsLayout(raw).text`, which `shownToRaw` maps to the raw string.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markup } from './litText';
import { toolArguments } from '../../webview/views/toolCall';
import { argumentsLayout, rawToShown } from '../../src/core/toolArguments';
import type { ToolCall } from '../../src/core/schema';

const long = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
const corpus = [
  String.raw`{"path": "src/a.py", "content": "def f():\n    return \"caf\u00e9\" \ud83d\ude00\n"}`,
  JSON.stringify({ cmd: ['bash', '-lc', 'ls'], opts: { cwd: '/repo', env: { A: '1' } }, n: 3, ok: true, none: null }),
  JSON.stringify({ patch: '--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n', body: long }),
  '[1, {"a": "b"}]',
  'not json at all {',
  '{}',
];

/** The text nodes of the drawn element, in order, with markup dropped (no whitespace collapsed). */
const drawnText = (call: ToolCall, marks = false) =>
  markup(
    toolArguments(call, {
      side: 'trained',
      message: 0,
      label: 'Trained message 1',
      marks: (_c, layout) => (marks && layout.text.length > 4 ? [{ start: 1, end: 4, kind: 'span', id: 's1', traitIndex: 0 }] : []),
    }),
  ).replace(/<[^>]*>/g, '');

for (const raw of corpus) {
  test(`the drawn arguments are exactly the shown text: ${raw.slice(0, 40)}`, () => {
    const call: ToolCall = { id: 'call_1', type: 'function', function: { name: 'f', arguments: raw } };
    const shown = argumentsLayout(raw).text;
    assert.equal(drawnText(call), shown);
    assert.equal(drawnText(call, true), shown, 'a highlight wraps text, it adds none');
  });
}

test('a span saved in raw offsets is drawn over the shown characters it covers', () => {
  const raw = corpus[0]!;
  const l = argumentsLayout(raw);
  const q = String.raw`\"caf\u00e9\"`;
  const at = rawToShown(l, raw.indexOf(q), raw.indexOf(q) + q.length)!;
  assert.equal(l.text.slice(at[0], at[1]), '"café"');
});
