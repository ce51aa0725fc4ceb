// Tool results in the page: a collapsed one's body is drawn only once it is opened (by the user,
// by `c`, by a step landing on it, or by a span in it), with the same text as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReviewItem } from '../../src/core/schema';
import type { AddEvent } from '../../src/core/labels/labelEvent';
import { alignTurns } from '../../src/core/diff/align';
import { page } from '../../webview/views/page';
import { resultKey } from '../../webview/toolResult';
import type { ViewState } from '../../webview/state';
import { markup } from './litText';
import { didShow, fakeView, item as chatOne, shownState } from './webviewFixtures';
import { agentItem, chatItem, itemLine } from '../bench/agentItems';
import { drawnElements } from '../bench/domCount';

/** A test run's log of 40 lines: past the line limit, so it opens collapsed. */
const log = Array.from({ length: 40 }, (_, k) => `tests/test_${k}.py::test_case PASSED`).join('\n');
const agent: ReviewItem = {
  id: 'agent-r',
  prompt: [{ role: 'user', content: 'Run the tests.' }],
  sides: [
    {
      name: 'baseline',
      model: 'b',
      messages: [
        { role: 'assistant', content: '', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'bash', arguments: '{"cmd":"pytest"}' } }] },
        { role: 'tool', tool_call_id: 'c1', name: 'bash', content: log },
        { role: 'assistant', content: 'All pass.' },
      ],
    },
    { name: 'trained', model: 't', messages: [{ role: 'assistant', content: 'Done.' }] },
  ],
  metadata: {},
};
const state = (patch: Partial<ViewState> = {}) => shownState({ item: agent, turns: alignTurns(agent.sides[0].messages, agent.sides[1].messages), openStretches: [0], ...patch });
const drawn = (s: ViewState) => markup(page(s, fakeView(s).actions));
const bodyDrawn = (html: string) => html.includes('tests/test_39.py');
/** The `.text` element of the result's content (what selection, `]` and span marks read). */
const resultText = (html: string) => /class="text[^"]*" data-side=baseline data-message=1 data-field=content/.test(html);

test('a collapsed tool result shows its line count and draws no body', () => {
  const html = drawn(state());
  assert.match(html, /Tool result · 40 lines/);
  assert.ok(!bodyDrawn(html), 'the log is not drawn');
  assert.ok(!resultText(html));
});

test('opening a result (a click or Enter on its summary) draws its body, the text that selection and `]` read', () => {
  const view = fakeView(state());
  view.actions.chooseResult(resultKey('baseline', 1), true);
  assert.equal(view.renders.length, 1, 'drawn again');
  const html = drawn(view.state);
  assert.ok(bodyDrawn(html));
  assert.ok(resultText(html), 'drawn as the taggable text of message 1');
  // Closed again: not drawn.
  view.actions.chooseResult(resultKey('baseline', 1), false);
  assert.ok(!bodyDrawn(drawn(view.state)));
});

test('`c` opens or closes every result; a step landing on a result opens it', () => {
  assert.ok(bodyDrawn(drawn(state({ resultsAll: true }))));
  assert.ok(!bodyDrawn(drawn(state({ resultsAll: true, openResults: { [resultKey('baseline', 1)]: false } }))), "the user's later choice wins");
  const view = fakeView(state());
  view.actions.goToStep({ where: 'left', message: 1 });
  assert.ok(bodyDrawn(drawn(view.state)), 'opened by the step keys');
});

test('results opened in one item are not opened in the next; a shared step landing on a prompt result opens it', () => {
  const view = fakeView(state({ resultsAll: true }));
  view.actions.chooseResult(resultKey('baseline', 1), true);
  view.receive(didShow({ item: chatOne, index: 1 }));
  assert.deepEqual([view.state.openResults, view.state.resultsAll], [{}, null]);
  // The shared prompt: a tool result before the sides' own steps.
  const shared: ReviewItem = { ...agent, prompt: [...agent.prompt, agent.sides[0].messages[0]!, agent.sides[0].messages[1]!] };
  const s = shownState({ item: shared, turns: alignTurns(shared.sides[0].messages, shared.sides[1].messages) });
  assert.ok(!bodyDrawn(drawn(s)));
  const stepped = fakeView(s);
  stepped.actions.goToStep({ where: 'shared', message: 2 });
  assert.ok(bodyDrawn(drawn(stepped.state)), 'the shared result is drawn');
});

test('a span in a collapsed result is drawn after a reload: the result opens to show it', () => {
  const start = log.indexOf('test_12');
  const span: AddEvent = { v: 1, op: 'add', id: 'sp-1', at: '', annotator: 'ann', item: agent.id, kind: 'span', side: 'baseline', message: 1, field: 'content', toolCallId: 'c1', start, end: start + 7, quote: 'test_12', trait: 'honesty' };
  // A reload gives the view its labels back with the item: the result is drawn open, with the span's mark.
  const html = drawn(state({ labels: [span] }));
  assert.ok(bodyDrawn(html));
  assert.match(html, /data-span-ids=sp-1[^>]*>test_12</);
  // Closed by the user, it stays closed (the span is still listed under the column).
  assert.ok(!bodyDrawn(drawn(state({ labels: [span], openResults: { [resultKey('baseline', 1)]: false } }))));
});

test("an agent item's collapsed results add no elements: it draws about as many as a chat item of its size", () => {
  // 100 steps of 5 KB results (the bench's item is 500): the count grows with the steps alike.
  const agentBig = agentItem('agent-0', 100);
  const chat = chatItem('chat-1', itemLine(agentBig).length, 100);
  const lazy = drawnElements(agentBig);
  const eager = drawnElements(agentBig, { resultsAll: true });
  assert.ok(eager > 20 * lazy, `every body drawn: ${eager} elements, as they open: ${lazy}`);
  assert.ok(lazy < 3 * drawnElements(chat), `agent ${lazy}, chat ${drawnElements(chat)}`);
});
