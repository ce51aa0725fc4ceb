import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reducer } from '../../webview/reducer';
import { initialState } from '../../webview/state';
import { didInit, didShow, item, shownItem, shownState, taxonomy, verdict } from './webviewFixtures';

test('the first message shows the item at the position the host remembered, with the taxonomy and view options: nothing more to ask for', () => {
  const first = shownItem({ index: 2, line: 3, labels: [verdict('baseline', 'truthfulness')] });
  const { state, effects } = reducer(initialState(), didInit({ position: 2, readOnly: 'Restricted Mode', guidelines: true, first }));
  assert.equal(state.fileName, 'run.jsonl');
  assert.equal(state.taxonomy, taxonomy);
  assert.equal(state.readOnly, 'Restricted Mode');
  assert.equal(state.guidelines, true);
  assert.equal(state.item, item);
  assert.deepEqual([state.index, state.line, state.labels.length], [2, 3, 1]);
  assert.deepEqual(effects, [{ do: 'settle', requestId: 'wv-1' }, { do: 'traitColours', taxonomy }, { do: 'render', layout: true }, { do: 'scrollToTop' }]);
  const empty = reducer(initialState(), didInit({ position: 0 }));
  assert.equal(empty.state.item, null, 'an input without items: no first item');
  assert.ok(!empty.effects.some((e) => e.do === 'scrollToTop'));
});

test('an item/show reply for a stale request is ignored: a later j/k is what is wanted', () => {
  const before = { ...initialState(), showRequest: 'wv-9', index: 5 };
  const { state, effects } = reducer(before, didShow({ requestId: 'wv-8', index: 4 }));
  assert.equal(state, before, 'state untouched');
  assert.equal(state.item, null);
  assert.deepEqual(effects, [{ do: 'settle', requestId: 'wv-8' }], 'answered, but nothing drawn');
});

test('the reply to the latest item/show (or the host showing an item itself) shows it, from the top', () => {
  const answered = reducer({ ...initialState(), showRequest: 'wv-9' }, didShow({ requestId: 'wv-9', index: 1, count: 2, line: 2, labels: [verdict('baseline', 'truthfulness')] }));
  assert.equal(answered.state.item, item);
  assert.equal(answered.state.index, 1);
  assert.equal(answered.state.showRequest, undefined);
  assert.equal(answered.state.labels.length, 1);
  assert.deepEqual(answered.effects, [{ do: 'settle', requestId: 'wv-9' }, { do: 'render', layout: true }, { do: 'scrollToTop' }]);
  const fromHost = reducer({ ...initialState(), showRequest: 'wv-9', count: 10 }, didShow({ index: 3, count: 4 }));
  assert.equal(fromHost.state.index, 3, 'no requestId: the palette, item list or undo showed it');
  assert.equal(fromHost.state.count, 10, 'the count never shrinks while indexing');
});

test('a saved label change updates the shown labels and, once none is pending, says Saved', () => {
  const l = verdict('trained', 'fairness');
  const before = shownState({ pending: new Set(['wv-3', 'wv-4']), save: 'saving' });
  const first = reducer(before, { type: 'label/didSave', requestId: 'wv-3', item: item.id, labels: [l], progress: { labeled: 1, total: 3 } });
  assert.deepEqual(first.state.labels, [l]);
  assert.equal(first.state.labeled, 1, 'the reply carries the counts too: one update for my write');
  assert.equal(first.state.save, 'saving', 'one still pending');
  assert.deepEqual([...before.pending], ['wv-3', 'wv-4'], 'the old state is not changed');
  const second = reducer(first.state, { type: 'label/didSave', requestId: 'wv-4', item: item.id, labels: [l], progress: { labeled: 1, total: 2, mine: true } });
  assert.deepEqual([second.state.labeled, second.state.queue, second.state.count], [1, 2, 3], 'a campaign queue counts my items, the file count stays');
  assert.equal(second.state.save, 'saved');
  assert.deepEqual(second.effects, [{ do: 'settle', requestId: 'wv-4' }, { do: 'render', layout: true }]);
  const other = reducer(shownState(), { type: 'label/didSave', requestId: 'wv-5', item: 'another-item', labels: [l], progress: { labeled: 1, total: 3 } });
  assert.deepEqual(other.state.labels, [], 'a save for an item no longer shown leaves the labels alone');
  const undo = reducer(shownState(), { type: 'label/didSave', requestId: 'wv-6', item: item.id, labels: [], progress: { labeled: 0, total: 3 }, message: 'Undid verdict' });
  assert.deepEqual(undo.effects.at(-1), { do: 'toast', message: 'Undid verdict' });
});

test('a label change updates the progress counts (without re-measuring the turns)', () => {
  const { state, effects } = reducer(shownState({ labeled: 0 }), { type: 'progress/didChange', labeled: 1, total: 3 });
  assert.equal(state.labeled, 1);
  assert.equal(state.queue, undefined);
  assert.deepEqual(effects, [{ do: 'render', layout: false }]);
  const mine = reducer(shownState(), { type: 'progress/didChange', labeled: 1, total: 2, mine: true });
  assert.equal(mine.state.queue, 2, 'a campaign queue counts my items');
  assert.equal(mine.state.count, 3, 'and leaves the file count alone');
});

test('a refused label change shows a toast, marks the save as failed and closes the span dialog', () => {
  const ed = { span: { kind: 'span', item: item.id, side: 'baseline', message: 0, field: 'content', start: 0, end: 3, quote: 'Yes', trait: 'truthfulness' }, target: 'ev-7', severity: 'major', note: '' } as const;
  const before = shownState({ pending: new Set(['wv-7']), save: 'saving', spanEditor: ed });
  const { state, effects } = reducer(before, { type: 'request/didFail', requestId: 'wv-7', message: 'the label log is read-only' });
  assert.equal(state.save, 'error');
  assert.equal(state.saveMessage, 'the label log is read-only');
  assert.equal(state.spanEditor, null);
  assert.equal(state.pending.size, 0);
  assert.deepEqual(effects, [{ do: 'settle', requestId: 'wv-7' }, { do: 'toast', message: 'the label log is read-only' }]);
  const notALabel = reducer(shownState(), { type: 'request/didFail', requestId: 'wv-8', message: 'No such item' });
  assert.equal(notALabel.state.save, 'saved', 'another request failing says so, and no save failed');
  assert.deepEqual(notALabel.effects.at(-1), { do: 'toast', message: 'No such item' });
});

test('a retried write says so until it is on disk, and keeps label requests waiting', () => {
  const retrying = reducer(shownState({ pending: new Set(['wv-2']), save: 'saving' }), { type: 'labels/status', state: 'retrying', pending: 1, message: 'EACCES' });
  assert.equal(retrying.state.save, 'retrying');
  assert.equal(retrying.state.saveMessage, 'EACCES');
  assert.deepEqual(retrying.effects[0], { do: 'extendLabelRequests' });
  assert.equal(reducer(retrying.state, { type: 'labels/status', state: 'saved', pending: 0 }).state.save, 'saving', 'still waiting for its reply');
  assert.equal(reducer({ ...retrying.state, pending: new Set() }, { type: 'labels/status', state: 'saved', pending: 0 }).state.save, 'saved');
});

test("another window's labels replace the shown item's; another item's are ignored", () => {
  const l = verdict('baseline', 'fairness', 'ok');
  assert.deepEqual(reducer(shownState(), { type: 'labels/didChange', item: item.id, labels: [l], others: [l] }).state.others, [l]);
  assert.deepEqual(reducer(shownState(), { type: 'labels/didChange', item: 'x', labels: [l], others: [] }).state.labels, []);
});

test("the host's answer to a typing report is what the view then trusts", () => {
  const before = shownState({ typingReport: { id: 'wv-4', value: true } });
  assert.equal(reducer(before, { type: 'request/done', requestId: 'wv-3' }).state.typingReport?.id, 'wv-4', 'another request');
  const done = reducer(before, { type: 'request/done', requestId: 'wv-4' }).state;
  assert.equal(done.typingReport, undefined);
  assert.equal(done.hostTyping, true);
});

test('indexing progress, a filter and key commands', () => {
  const indexing = reducer(initialState(), { type: 'document/didIndex', count: 40, done: false, fraction: 0.5 });
  assert.deepEqual([indexing.state.count, indexing.state.indexing, indexing.state.fraction], [40, true, 0.5]);
  assert.deepEqual(indexing.effects, [{ do: 'render', layout: false }], 'the toolbar changes, the turns do not');
  const filtered = reducer(shownState(), { type: 'queue/didChange', indices: [0, 2], total: 3, description: 'benchmark: truthfulness' });
  assert.deepEqual(filtered.state.filtered, [0, 2]);
  assert.equal(filtered.state.filterText, 'benchmark: truthfulness');
  assert.deepEqual(reducer(shownState(), { type: 'ui/key', action: 'violation', n: 2 }).effects, [{ do: 'key', action: 'violation', n: 2 }]);
  const help = reducer(shownState(), { type: 'ui/run', action: 'help', keys: [{ keys: ['J'], help: 'Next item' }] });
  assert.deepEqual(help.state.keys, [{ keys: ['J'], help: 'Next item' }]);
  assert.deepEqual(help.effects, [{ do: 'toggleHelp' }]);
  assert.deepEqual(reducer(shownState(), { type: 'ui/run', action: 'tagSelection' }).effects, [], 'no trait: nothing to tag');
});

test('a filter that leaves out the item shown moves to its next item (or its first)', () => {
  const at = shownState({ index: 1 });
  assert.deepEqual(reducer(at, { type: 'queue/didChange', indices: [0, 2], total: 3, description: 'benchmark: health' }).effects.at(-1), { do: 'show', index: 2 });
  assert.deepEqual(reducer(shownState({ index: 2 }), { type: 'queue/didChange', indices: [0, 1], total: 3, description: 'x' }).effects.at(-1), { do: 'show', index: 0 });
  assert.equal(reducer(at, { type: 'queue/didChange', indices: [1, 2], total: 3, description: 'x' }).effects.some((e) => e.do === 'show'), false, 'in the filter: it stays');
});

test('diffs that follow a shown item replace its diffs; for an item no longer shown they change nothing', () => {
  const diffs = [{ left: 0, right: 0, content: { left: [{ start: 0, end: 3 }], right: [], granularity: 'word' as const } }];
  const shown = shownState({ index: 1, diffs: [{ left: 0, right: 0 }] });
  const { state, effects } = reducer(shown, { type: 'item/didDiff', index: 1, item: item.id, diffs });
  assert.deepEqual(state.diffs, diffs);
  assert.deepEqual(effects, [{ do: 'render', layout: true }]);
  const stale = reducer(shown, { type: 'item/didDiff', index: 2, item: item.id, diffs });
  assert.equal(stale.state, shown, 'another position: a later show overtook it');
  assert.deepEqual(stale.effects, []);
  assert.equal(reducer(shown, { type: 'item/didDiff', index: 1, item: 'other', diffs }).state, shown, 'another item at that position (reloaded file)');
});
