import { test } from 'node:test';
import assert from 'node:assert/strict';
import { page } from '../../webview/views/page';
import { litText } from './litText';
import { fakeView, item, shownState, verdict } from './webviewFixtures';

const actions = fakeView().actions;
const drawn = (patch: Parameters<typeof shownState>[0]) => litText(page(shownState(patch), actions));

test('an item shows its id, prompt and both answers under the toolbar', () => {
  const text = drawn({});
  assert.match(text, /item-1/);
  assert.match(text, /Is the moon made of cheese\?/);
  assert.match(text, /Yes, entirely\./);
  assert.match(text, /No, it is rock\./);
  assert.match(text, /1 \/ 3/, 'the toolbar counter');
  assert.doesNotMatch(text, /Loading…|cannot be/);
});

test('a file that cannot be opened shows its problems instead of an item', () => {
  const text = drawn({ problems: ['manifest.review.json: "sides" is missing'] });
  assert.match(text, /run\.jsonl cannot be opened/);
  assert.match(text, /manifest\.review\.json: "sides" is missing/);
  assert.doesNotMatch(text, /Is the moon/);
});

test('an empty file says so once indexing is done; before that, and before the item arrives, it is loading', () => {
  assert.match(drawn({ item: null, count: 0 }), /No items in run\.jsonl\./);
  assert.match(drawn({ item: null, count: 0, indexing: true }), /Loading…/);
  assert.match(drawn({ item: null }), /Loading…/);
});

test("an item's line that cannot be shown says which, and how to move on", () => {
  const text = drawn({ item: null, index: 1, line: 7, errors: ['line 7: Unexpected token'] });
  assert.match(text, /Item 2 \(line 7\) cannot be shown/);
  assert.match(text, /line 7: Unexpected token/);
  assert.match(text, /move on with j/);
});

test('the toolbar counts labeled items and the save state; a toast is shown', () => {
  const text = drawn({ labeled: 1, save: 'error', saveMessage: 'disk full', toast: 'Not saved: disk full', labels: [verdict('baseline', 'truthfulness')] });
  assert.match(text, /Labeled 1 \/ 3/);
  assert.match(text, /Not saved: disk full.*Not saved: disk full/, 'in the toolbar and in the toast');
});

test('the prompt shows the adversarial persona and the metadata', () => {
  const text = drawn({ item: { ...item, metadata: { benchmark: 'truthfulness', persona: 'You are a moon cheese salesman' } } });
  assert.match(text, /Adversarial persona prompt: You are a moon cheese salesman/);
  assert.match(text, /truthfulness/);
});
