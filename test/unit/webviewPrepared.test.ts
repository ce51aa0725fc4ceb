// `j` swaps in bodies drawn ahead: the view drawn with them is the view drawn plainly, every body
// drawn ahead is taken when its item is shown, and a body whose text or marks changed meanwhile is
// drawn again, not taken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markup } from './litText';
import { fakeView, item, shownItem, shownState, verdict } from './webviewFixtures';
import { page } from '../../webview/views/page';
import { bodiesOf, isPrepared, keepPrepared, type AheadBody } from '../../webview/views/markdown';
import { aheadView } from '../../webview/shownItems';
import type { HostToWebview } from '../../src/protocol';
import type { ReviewItem } from '../../src/core/schema';
import type { AddEvent } from '../../src/core/labels/labelEvent';
import type { WordDiff } from '../../src/core/diff/wordDiff';
import { wordDiff } from '../../src/core/diff/wordDiff';

const md = (n: number) => `## Step ${n}\n\nThe **model** should verify \`each\` step.\n\n1. first\n2. second [link](https://example.com)\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n\`\`\`python\ndef f(x):\n    return x * ${n}\n\`\`\``;
const second: ReviewItem = {
  ...item,
  id: 'item-2',
  prompt: [{ role: 'user', content: 'Explain **it**.' }],
  sides: [
    { name: 'baseline', model: 'a', messages: [{ role: 'assistant', content: md(1), reasoning: 'Think *first*.' }] },
    { name: 'trained', model: 'b', messages: [{ role: 'assistant', content: md(2) }] },
  ],
};
const diffs = [{ left: 0, right: 0, content: wordDiff(md(1), md(2)) as WordDiff }];
const ahead = (labels: AddEvent[] = []): Extract<HostToWebview, { type: 'item/ahead' }> => ({
  type: 'item/ahead',
  ...shownItem({ index: 1, line: 2, item: second, diffs, labels }),
  key: '0:1:item-2',
});

/** A body drawn ahead, as the markup of its template (what drawDetached builds its nodes from). */
const drawnAhead = (b: AheadBody) => ({ toString: () => markup(b.draw()) }) as unknown as Node;

function prepare(v: ReturnType<typeof fakeView>): AheadBody[] {
  const a = v.state.ahead.find((x) => x.index === 1)!;
  const bodies = bodiesOf(() => page(aheadView(v.state, a), v.actions));
  keepPrepared(undefined);
  for (const b of bodies) keepPrepared(b.key, drawnAhead(b));
  return bodies;
}

test('j draws the item with its bodies drawn ahead exactly as it draws it plainly, and takes every one', () => {
  const v = fakeView(shownState({ index: 0, shownRead: { key: '0:0:item-1', index: 0 } }));
  v.receive(ahead());
  const bodies = prepare(v);
  assert.ok(bodies.length >= 3, `the answers and the reasoning: ${bodies.length}`);
  v.actions.go(1);
  const prepared = markup(page(v.state, v.actions));
  assert.ok(bodies.every((b) => !isPrepared(b.key)), 'each body drawn ahead is taken');
  const plain = markup(page(v.state, v.actions));
  assert.equal(prepared, plain);
  assert.match(plain, /The <strong>.*model/, 'the answer is drawn');
});

test('a label written on the item after it was drawn ahead: its body is drawn again, the others are taken', () => {
  const v = fakeView(shownState({ index: 0, shownRead: { key: '0:0:item-1', index: 0 } }));
  v.receive(ahead());
  const bodies = prepare(v);
  // A span on the trained answer arrives with the item's labels (another window, an undo).
  const q = 'model';
  const span: AddEvent = { ...verdict('trained', 't'), kind: 'span', side: 'trained', message: 0, field: 'content', start: md(2).indexOf(q), end: md(2).indexOf(q) + q.length, quote: q, trait: 'truthfulness', item: second.id } as AddEvent;
  v.receive({ ...ahead([span]) });
  v.actions.go(1);
  const prepared = markup(page(v.state, v.actions));
  const left = bodies.filter((b) => isPrepared(b.key));
  assert.equal(left.length, 1, 'the one body whose marks changed is not taken');
  assert.equal(left[0]!.text, md(2));
  keepPrepared(undefined);
  assert.equal(prepared, markup(page(v.state, v.actions)));
  assert.match(prepared, /span/);
});

test('nothing drawn ahead: bodiesOf draws nothing and leaves no collector behind', () => {
  const v = fakeView(shownState());
  assert.throws(() => bodiesOf(() => {
    throw new Error('view failed');
  }));
  // A later plain render collects nothing.
  const before = markup(page(v.state, v.actions));
  assert.deepEqual(bodiesOf(() => undefined), []);
  assert.equal(markup(page(v.state, v.actions)), before);
});
