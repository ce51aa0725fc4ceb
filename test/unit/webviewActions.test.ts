import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toastMs } from '../../webview/actions';
import type { AddEvent } from '../../src/core/labels/labelEvent';
import { fakeView, item, shownState, verdict } from './webviewFixtures';

test('with a filter active, j walks the filtered items and says when none is left', () => {
  const v = fakeView(shownState({ index: 0, count: 10, filtered: [0, 4, 7], filterText: 'benchmark: truthfulness' }));
  v.actions.go(1);
  // The host sends ahead the items j and k go to from there: the filter's neighbours.
  assert.deepEqual(v.sent, [{ type: 'item/show', index: 4, neighbours: [7, 0] }]);
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

test("editing a span opens its dialog with the span's severity and note; closing it writes nothing", () => {
  const span: AddEvent = { v: 1, op: 'add', id: 's-1', at: '', annotator: 'ann', kind: 'span', item: item.id, side: 'baseline', message: 0, field: 'content', start: 0, end: 3, quote: 'Yes', trait: 'truthfulness', severity: 'minor', note: 'hedged' };
  const v = fakeView(shownState({ labels: [span] }));
  if (span.kind !== 'span') throw new Error('unreachable');
  v.actions.editSpan(span);
  assert.deepEqual([v.state.spanEditor?.severity, v.state.spanEditor?.note], ['minor', 'hedged']);
  assert.deepEqual(v.page, ['focusSpanEditor']);
  v.actions.setSpanEditor({ note: 'changed' });
  v.actions.closeSpanEditor();
  assert.equal(v.state.spanEditor, null);
  assert.deepEqual(v.sent, []);
  assert.equal(v.page.at(-1), 'restoreFocus');
  // Saved: an explicit replace of that label, with a draft (no id, time or annotator of its own).
  v.actions.editSpan(span);
  v.actions.setSpanEditor({ note: 'changed' });
  v.actions.commitSpanEditor();
  assert.deepEqual(v.sent, [{ type: 'label/replace', target: 's-1', draft: { kind: 'span', item: item.id, side: 'baseline', message: 0, field: 'content', start: 0, end: 3, quote: 'Yes', trait: 'truthfulness', severity: 'minor', note: 'changed' } }]);
});

test('removing a label and asking the host for its commands send one request each', () => {
  const v = fakeView();
  v.actions.removeLabel('l-9');
  v.actions.goTo();
  v.actions.nextUnlabeled();
  v.actions.revealRaw();
  v.actions.openGuidelines();
  assert.deepEqual(v.sent.map((r) => r.type), ['label/remove', 'item/goTo', 'item/showNextUnlabeled', 'item/revealRaw', 'campaign/openGuidelines']);
});
