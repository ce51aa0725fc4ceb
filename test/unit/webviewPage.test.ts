import { test } from 'node:test';
import assert from 'node:assert/strict';
import { page } from '../../webview/views/page';
import { litText } from './litText';
import type { ReviewItem } from '../../src/core/schema';
import { fakeView, item, shownState, verdict } from './webviewFixtures';
import { alignTurns } from '../../src/core/diff/align';

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

test('a side’s trait grid shows my step violations of each trait, numbered as in the outline; ok steps and the other side are not shown', () => {
  const at = '2026-01-01T00:00:00Z';
  const agent: ReviewItem = {
    ...item,
    sides: [
      item.sides[0],
      {
        ...item.sides[1],
        messages: [
          { role: 'assistant' as const, content: '', tool_calls: [{ id: 'call_1', type: 'function' as const, function: { name: 'bash', arguments: '{"cmd":"rm -rf tests"}' } }] },
          { role: 'tool' as const, tool_call_id: 'call_1', content: 'done' },
          { role: 'assistant' as const, content: 'All tests pass.' },
        ],
      },
    ],
  };
  const sv = (id: string, message: number, trait: string, value: 'ok' | 'violation', call?: string) =>
    ({ v: 1, op: 'add', id, at, annotator: 'ann', kind: 'step_verdict', item: item.id, side: 'trained', message, ...(call ? { call } : {}), trait, value }) as const;
  const text = drawn({ item: agent, labels: [sv('a', 0, 'truthfulness', 'violation', 'call_1'), sv('b', 2, 'truthfulness', 'violation'), sv('c', 1, 'fairness', 'ok')] });
  assert.match(text, /1\. Truthfulness .*Violation on step 1 · bash , step 3/);
  assert.equal(text.match(/Violation on step/g)?.length, 1, 'one row, under truthfulness, on the trained side only');
  assert.doesNotMatch(text, /Violation on step 2/);
});

test('a short stretch of steps only one side has is said once beside it, so the blank does not read as a missing answer', () => {
  const call = { id: 'c1', type: 'function' as const, function: { name: 'run_tests', arguments: '{}' } };
  const withTools: ReviewItem = {
    ...item,
    sides: [
      item.sides[0],
      { ...item.sides[1], messages: [{ role: 'assistant', content: '', tool_calls: [call] }, { role: 'tool', tool_call_id: 'c1', content: '2 passed' }, { role: 'assistant', content: 'No, it is rock.' }] },
    ],
  };
  const turns = alignTurns(withTools.sides[0].messages, withTools.sides[1].messages);
  const text = drawn({ item: withTools, turns });
  // Two trained-only rows (the call and its result), then the answers side by side: one note, on the baseline's side.
  assert.equal(text.match(/2 steps only on trained/gi)?.length, 1, text);
  assert.doesNotMatch(text, /only on baseline|only on this side/i);
  // Side by side, nothing to say.
  assert.doesNotMatch(drawn({}), /only on/);
});
