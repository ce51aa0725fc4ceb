// A span on a tool call's arguments is logged as the raw JSON slice (`caf\u00e9`), but its card
// and its editor show it as the arguments are drawn (`café`), on a side and in the shared prompt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { litText } from './litText';
import { fakeView, shownState } from './webviewFixtures';
import { spanListView } from '../../webview/views/columns';
import { spanEditorOverlay } from '../../webview/views/overlays';
import { rawArgumentsRange, shownArgumentsQuote } from '../../webview/argumentsLayouts';
import { argumentsLayout } from '../../src/core/toolArguments';
import type { ReviewItem, ToolCall } from '../../src/core/schema';
import type { SpanLabel } from '../../src/core/labels/labelEvent';

const raw = String.raw`{"note": "caf\u00e9 \ud83d\ude00", "n": 1}`;
const rawQuote = String.raw`caf\u00e9 \ud83d\ude00`;
const call = (id: string, args = raw): ToolCall => ({ id, type: 'function', function: { name: 'write', arguments: args } });
const item: ReviewItem = {
  id: 'agent-1',
  prompt: [{ role: 'user', content: 'Go.' }, { role: 'assistant', content: '', tool_calls: [call('p1')] }],
  sides: [
    { name: 'baseline', model: 'b', messages: [{ role: 'assistant', content: '', tool_calls: [call('b1'), call('dup'), call('dup')] }] },
    { name: 'trained', model: 't', messages: [{ role: 'assistant', content: 'Done **now**.' }] },
  ],
  metadata: {},
};

let n = 0;
const span = (over: Partial<SpanLabel>): SpanLabel => ({
  v: 1,
  op: 'add',
  id: `s-${++n}`,
  at: '2026-01-01T00:00:00Z',
  annotator: 'ann',
  kind: 'span',
  item: item.id,
  side: 'baseline',
  message: 0,
  field: 'arguments',
  toolCallId: 'b1',
  start: raw.indexOf(rawQuote),
  end: raw.indexOf(rawQuote) + rawQuote.length,
  quote: rawQuote,
  trait: 'truthfulness',
  ...over,
});
const onSide = span({});
const onPrompt = span({ side: '', in: 'prompt', message: 1, toolCallId: 'p1' });

const actions = fakeView().actions;
const list = (...spans: SpanLabel[]) => litText(spanListView(shownState({ item }), spans, [], 'Tagged spans', actions));
const editor = (s: SpanLabel) => litText(spanEditorOverlay(shownState({ item, spanEditor: { span: s, severity: 'major', note: '' } }), actions));

test("a span on a side's call arguments shows its quote decoded, in the card and in the editor", () => {
  for (const text of [list(onSide), editor(onSide)]) {
    assert.match(text, /café 😀/);
    assert.ok(!text.includes('\\u00e9'), text);
  }
});

test("a span on a shared step's call arguments shows its quote decoded, in the card and in the editor", () => {
  for (const text of [list(onPrompt), editor(onPrompt)]) {
    assert.match(text, /café 😀/);
    assert.ok(!text.includes('\\u00e9'), text);
  }
});

test('the shown quote is the drawn text the raw range maps to, and maps back to the stored raw slice', () => {
  const shown = argumentsLayout(raw).text;
  for (const s of [onSide, onPrompt]) {
    const q = shownArgumentsQuote(item, s);
    assert.equal(q, 'café 😀');
    const at = shown.indexOf(q!);
    const back = rawArgumentsRange(item, s, at, at + q!.length);
    assert.deepEqual(back, { start: s.start, end: s.end, quote: s.quote }, 'the label keeps the raw slice');
  }
});

test('a span whose call cannot be found (or is ambiguous, or out of range) shows its stored quote', () => {
  const lost = [span({ toolCallId: 'gone' }), span({ toolCallId: 'dup' }), span({ side: 'nobody' }), span({ in: 'prompt', side: '', message: 9, toolCallId: 'p1' }), span({ start: 900, end: 950 })];
  for (const s of lost) {
    assert.equal(shownArgumentsQuote(item, s), undefined);
    assert.match(list(s), /caf\\u00e9/);
  }
});

test('spans on text keep the Markdown-free quote; a long decoded quote is cut at the limit', () => {
  const onText = list(span({ side: 'trained', field: 'content', toolCallId: undefined, start: 5, end: 12, quote: '**now**' }));
  assert.match(onText, /now/);
  assert.ok(!onText.includes('**'), onText);
  const long = JSON.stringify({ body: 'é'.repeat(300) }).replace(/é/g, '\\u00e9');
  const s = span({ toolCallId: 'long', start: 10, end: long.length - 2, quote: long.slice(10, -2) });
  const it: ReviewItem = { ...item, sides: [{ ...item.sides[0], messages: [{ role: 'assistant', content: '', tool_calls: [call('long', long)] }] }, item.sides[1]] };
  const text = litText(spanListView(shownState({ item: it }), [s], [], 'Tagged spans', actions));
  assert.ok(text.includes('é'.repeat(120) + '…'), text);
});
