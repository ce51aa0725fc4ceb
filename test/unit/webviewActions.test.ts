import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toastMs } from '../../webview/actions';
import type { AddEvent } from '../../src/core/labels/labelEvent';
import { fakeView, item, shownState, taxonomy, verdict } from './webviewFixtures';

const traits = taxonomy.traits.map((t) => t.id);

test('j / k ask for the next and previous item, within the file', () => {
  const v = fakeView(shownState({ index: 1 }));
  v.actions.runKey('next', undefined);
  assert.deepEqual(v.sent, [{ type: 'item/show', index: 2 }]);
  assert.equal(v.state.showRequest, 'wv-1', 'the reply to this request is the one to show');
  assert.ok(v.page.includes('clearPassage'), 'a keyboard selection does not outlive its item');
  v.actions.runKey('next', undefined);
  assert.equal(v.sent.length, 1, 'no item past the last one once indexing is done');
  const first = fakeView(shownState({ index: 0 }));
  first.actions.runKey('previous', undefined);
  assert.deepEqual(first.sent, []);
});

test('with a filter active, j walks the filtered items and says when none is left', () => {
  const v = fakeView(shownState({ index: 0, count: 10, filtered: [0, 4, 7], filterText: 'benchmark: truthfulness' }));
  v.actions.go(1);
  assert.deepEqual(v.sent, [{ type: 'item/show', index: 4 }]);
  const last = fakeView(shownState({ index: 7, count: 10, filtered: [0, 4, 7], filterText: 'benchmark: truthfulness' }));
  last.actions.go(1);
  assert.deepEqual(last.sent, []);
  assert.equal(last.state.toast, 'No later item in the filter (benchmark: truthfulness).');
});

test('a verdict is recorded, and the same verdict again retracts it; the toolbar says Saving meanwhile', () => {
  const v = fakeView();
  v.actions.setVerdict('baseline', 'truthfulness', 'violation');
  assert.deepEqual(v.sent, [{ type: 'label/add', draft: { kind: 'verdict', item: item.id, side: 'baseline', trait: 'truthfulness', value: 'violation' } }]);
  assert.equal(v.state.save, 'saving');
  assert.deepEqual([...v.state.pending], ['wv-1']);
  const l = verdict('baseline', 'truthfulness', 'violation');
  const again = fakeView(shownState({ labels: [l] }));
  again.actions.setVerdict('baseline', 'truthfulness', 'violation');
  assert.deepEqual(again.sent, [{ type: 'label/remove', target: l.id }]);
});

test('shift+N marks trait N violated on the focused side, the left one when none is focused yet', () => {
  const v = fakeView();
  v.actions.runKey('violation', 2);
  assert.equal(v.state.focusSide, 'left');
  assert.ok(v.page.includes('focusSide left'), 'the side is focused, so it shows');
  assert.deepEqual(v.sent, [{ type: 'label/add', draft: { kind: 'verdict', item: item.id, side: 'baseline', trait: traits[1], value: 'violation' } }]);
  const swapped = fakeView(shownState({ focusSide: 'left', view: { ...shownState().view, swapped: true } }));
  swapped.actions.runKey('violation', 1);
  assert.equal((swapped.sent[0] as { draft: { side: string } }).draft.side, 'trained', 'swapped: the left column is the trained side');
});

test('a and d prefer the side shown left and right', () => {
  const v = fakeView(shownState({ view: { ...shownState().view, swapped: true } }));
  v.actions.runKey('preferLeft', undefined);
  v.actions.runKey('preferTie', undefined);
  assert.deepEqual(
    v.sent.map((r) => (r.type === 'label/add' && r.draft.kind === 'preference' ? r.draft.value : r.type)),
    ['trained', 'tie'],
  );
});

test('o marks every trait without a verdict OK on the focused side, and leaves set ones alone', () => {
  const v = fakeView(shownState({ focusSide: 'right', labels: [verdict('trained', traits[0]!, 'violation')] }));
  v.actions.runKey('restOk', undefined);
  const added = v.sent.map((r) => (r.type === 'label/add' && r.draft.kind === 'verdict' ? `${r.draft.side} ${r.draft.trait} ${r.draft.value}` : r.type));
  assert.deepEqual(added, traits.slice(1).map((t) => `trained ${t} ok`));
});

test('alt+N cycles the per-trait preference: left → tie → right → none', () => {
  const pref = (value: string): AddEvent => ({ v: 1, op: 'add', id: `p-${value}`, at: '', annotator: 'ann', kind: 'preference', item: item.id, value, trait: traits[0] });
  const step = (labels: AddEvent[]) => {
    const v = fakeView(shownState({ labels }));
    v.actions.runKey('traitPreference', 1);
    return v.sent[0];
  };
  assert.deepEqual(step([]), { type: 'label/add', draft: { kind: 'preference', item: item.id, value: 'baseline', trait: traits[0] } });
  assert.deepEqual(step([pref('baseline')]), { type: 'label/add', draft: { kind: 'preference', item: item.id, value: 'tie', trait: traits[0] } });
  assert.deepEqual(step([pref('tie')]), { type: 'label/add', draft: { kind: 'preference', item: item.id, value: 'trained', trait: traits[0] } });
  assert.deepEqual(step([pref('trained')]), { type: 'label/remove', target: 'p-trained' });
});

test('a key command while a text field has the keyboard is typing, not a command', () => {
  const v = fakeView();
  v.fakePage.typing = () => true;
  v.actions.runKey('violation', 1);
  v.actions.runKey('next', undefined);
  assert.deepEqual(v.sent, []);
});

test('a trait key tags the selected text at the default severity and opens its dialog; without a selection it says what to do', () => {
  const target = { side: 'trained', message: 0, field: 'content' as const, start: 4, end: 6, quote: 'it' };
  const v = fakeView(shownState(), target);
  v.actions.runKey('trait', 1);
  assert.deepEqual(v.sent, [{ type: 'label/add', draft: { kind: 'span', item: item.id, ...target, trait: traits[0], severity: 'major' } }]);
  assert.equal(v.state.spanEditor?.severity, 'major');
  assert.deepEqual(v.page.slice(-2), ['clearSelection', 'focusSpanEditor']);
  const none = fakeView();
  none.actions.runKey('trait', 1);
  assert.deepEqual(none.sent, []);
  assert.equal(none.state.toast, 'Select text in a response first, then press the trait key.');
});

test('in the span dialog, digits pick the severity, and saving records only a change', () => {
  const target = { side: 'trained', message: 0, field: 'content' as const, start: 4, end: 6, quote: 'it' };
  const v = fakeView(shownState(), target);
  v.actions.tagSelection(traits[0]!);
  v.actions.runKey('trait', 3);
  assert.equal(v.state.spanEditor?.severity, 'critical');
  assert.equal(v.sent.length, 1, 'picking is not saving');
  v.actions.commitSpanEditor();
  assert.equal(v.state.spanEditor, null);
  assert.deepEqual(v.sent[1], { type: 'label/add', draft: { kind: 'span', item: item.id, ...target, trait: traits[0], severity: 'critical', note: undefined } });
  assert.equal(v.page.at(-1), 'restoreFocus');
  const unchanged = fakeView(shownState(), target);
  unchanged.actions.tagSelection(traits[0]!);
  unchanged.actions.commitSpanEditor();
  assert.equal(unchanged.sent.length, 1, 'nothing changed: nothing more written');
});

test('the note is saved once per edit, and cleared by removing it', () => {
  const v = fakeView();
  v.actions.saveNote('looks fine');
  v.actions.saveNote('looks fine');
  assert.deepEqual(v.sent, [{ type: 'label/add', draft: { kind: 'note', item: item.id, text: 'looks fine' } }]);
  const note: AddEvent = { v: 1, op: 'add', id: 'n-1', at: '', annotator: 'ann', kind: 'note', item: item.id, text: 'old' };
  const clear = fakeView(shownState({ labels: [note] }));
  clear.actions.saveNote('  ');
  assert.deepEqual(clear.sent, [{ type: 'label/remove', target: 'n-1' }]);
});

test('a toast goes away after its time, unless a newer one replaced it', () => {
  const v = fakeView();
  v.actions.toast('first');
  v.actions.toast('second');
  assert.deepEqual(v.timers.map((t) => t.ms), [toastMs, toastMs]);
  v.timers[0]!.run();
  assert.equal(v.state.toast, 'second');
  v.timers[1]!.run();
  assert.equal(v.state.toast, '');
});

test('an unanswered label change says it may not be saved; an unanswered item/show can be asked again', () => {
  const v = fakeView();
  v.actions.setVerdict('baseline', 'truthfulness', 'ok');
  v.actions.requestTimedOut('label/add', 'wv-1', 15);
  assert.equal(v.state.save, 'error');
  assert.equal(v.state.pending.size, 0);
  assert.match(v.state.toast, /^Not saved: no answer from the extension host in 15 s/);
  v.actions.go(1);
  v.actions.requestTimedOut('item/show', 'wv-2', 15);
  assert.equal(v.state.showRequest, undefined);
  assert.equal(v.state.toast, 'No answer from the extension host in 15 s (item/show); try again');
});

test('view toggles are sent to the host and shown at once; the help remembers and returns focus', () => {
  const v = fakeView();
  v.actions.setView({ blind: true });
  assert.equal(v.state.view.blind, true);
  assert.deepEqual(v.sent, [{ type: 'view/set', options: { blind: true } }]);
  v.actions.toggleHelp();
  assert.equal(v.state.help, true);
  v.actions.toggleHelp();
  assert.equal(v.state.help, false);
  assert.deepEqual(v.page, ['rememberFocus', 'returnFocus']);
});
