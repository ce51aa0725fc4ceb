import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddEvent } from '../../src/core/labels/labelEvent';
import { fakeView, item, shownState, taxonomy, verdict } from './webviewFixtures';

const traits = taxonomy.traits.map((t) => t.id);

test('j / k ask for the next and previous item, within the file', () => {
  const v = fakeView(shownState({ index: 1 }));
  v.key('next', undefined);
  assert.deepEqual(v.sent, [{ type: 'item/show', index: 2, neighbours: [1] }]);
  assert.equal(v.state.showRequest, 'wv-1', 'the reply to this request is the one to show');
  assert.ok(v.page.includes('clearPassage'), 'a keyboard selection does not outlive its item');
  v.key('next', undefined);
  assert.equal(v.sent.length, 1, 'no item past the last one once indexing is done');
  const first = fakeView(shownState({ index: 0 }));
  first.key('previous', undefined);
  assert.deepEqual(first.sent, []);
});

test('shift+N marks trait N violated on the focused side, the left one when none is focused yet', () => {
  const v = fakeView();
  v.key('violation', 2);
  assert.equal(v.state.focusSide, 'left');
  assert.ok(v.page.includes('focusSide left'), 'the side is focused, so it shows');
  assert.deepEqual(v.sent, [{ type: 'label/add', draft: { kind: 'verdict', item: item.id, side: 'baseline', trait: traits[1], value: 'violation' } }]);
  const swapped = fakeView(shownState({ focusSide: 'left', view: { ...shownState().view, swapped: true } }));
  swapped.key('violation', 1);
  assert.equal((swapped.sent[0] as { draft: { side: string } }).draft.side, 'trained', 'swapped: the left column is the trained side');
});

test('a and d prefer the side shown left and right', () => {
  const v = fakeView(shownState({ view: { ...shownState().view, swapped: true } }));
  v.key('preferLeft', undefined);
  v.key('preferTie', undefined);
  assert.deepEqual(
    v.sent.map((r) => (r.type === 'label/add' && r.draft.kind === 'preference' ? r.draft.value : r.type)),
    ['trained', 'tie'],
  );
});

test('o marks every trait without a verdict OK on the focused side, and leaves set ones alone', () => {
  const v = fakeView(shownState({ focusSide: 'right', labels: [verdict('trained', traits[0]!, 'violation')] }));
  v.key('restOk', undefined);
  const added = v.sent.map((r) => (r.type === 'label/add' && r.draft.kind === 'verdict' ? `${r.draft.side} ${r.draft.trait} ${r.draft.value}` : r.type));
  assert.deepEqual(added, traits.slice(1).map((t) => `trained ${t} ok`));
});

test('alt+N cycles the per-trait preference: left → tie → right → none', () => {
  const pref = (value: string): AddEvent => ({ v: 1, op: 'add', id: `p-${value}`, at: '', annotator: 'ann', kind: 'preference', item: item.id, value, trait: traits[0] });
  const step = (labels: AddEvent[]) => {
    const v = fakeView(shownState({ labels }));
    v.key('traitPreference', 1);
    return v.sent[0];
  };
  assert.deepEqual(step([]), { type: 'label/add', draft: { kind: 'preference', item: item.id, value: 'baseline', trait: traits[0] } });
  assert.deepEqual(step([pref('baseline')]), { type: 'label/add', draft: { kind: 'preference', item: item.id, value: 'tie', trait: traits[0] } });
  assert.deepEqual(step([pref('tie')]), { type: 'label/add', draft: { kind: 'preference', item: item.id, value: 'trained', trait: traits[0] } });
  assert.deepEqual(step([pref('trained')]), { type: 'label/remove', target: 'p-trained' });
});

test('a trait key opens the span dialog for the selected text, writing nothing yet; without a selection the keys stop and say why', () => {
  const target = { side: 'trained', message: 0, field: 'content' as const, start: 4, end: 6, quote: 'it' };
  const v = fakeView(shownState(), target);
  v.key('trait', 1);
  assert.deepEqual(v.sent, [], 'the span is written from its dialog, as one label');
  assert.equal(v.state.spanEditor?.severity, 'major');
  assert.deepEqual(v.page.slice(-2), ['clearSelection', 'focusSpanEditor']);
  const none = fakeView();
  none.key('trait', 1);
  assert.deepEqual(none.sent, []);
  assert.match(none.page.at(-1) ?? '', /^stop Nothing selected to tag/);
});

test('in the span dialog, digits pick the severity, and Enter writes the span once with them; Cancel writes nothing', () => {
  const target = { side: 'trained', message: 0, field: 'content' as const, start: 4, end: 6, quote: 'it' };
  const v = fakeView(shownState(), target);
  v.actions.tagSelection(traits[0]!);
  v.key('trait', 3);
  assert.equal(v.state.spanEditor?.severity, 'critical');
  assert.equal(v.sent.length, 0, 'picking is not saving');
  v.actions.setSpanEditor({ note: 'invents a dosage' });
  v.actions.commitSpanEditor();
  assert.equal(v.state.spanEditor, null);
  assert.deepEqual(v.sent, [{ type: 'label/add', draft: { kind: 'span', item: item.id, ...target, trait: traits[0], severity: 'critical', note: 'invents a dosage' } }]);
  assert.equal(v.page.at(-1), 'restoreFocus');
  const cancelled = fakeView(shownState(), target);
  cancelled.actions.tagSelection(traits[0]!);
  cancelled.actions.closeSpanEditor();
  assert.equal(cancelled.sent.length, 0);
});

test('editing a saved span sends one replace of it with the new severity; an unchanged edit sends nothing', () => {
  const saved = { v: 1, op: 'add', id: 'ev-1', at: '', annotator: 'ann', kind: 'span', item: item.id, side: 'trained', message: 0, field: 'content', start: 4, end: 6, quote: 'it', trait: traits[0]!, severity: 'minor' } as const;
  const v = fakeView(shownState({ labels: [saved] }));
  v.actions.editSpan(saved);
  v.key('trait', 3);
  v.actions.commitSpanEditor();
  assert.deepEqual(v.sent, [{ type: 'label/replace', target: 'ev-1', draft: { kind: 'span', item: item.id, side: 'trained', message: 0, field: 'content', start: 4, end: 6, quote: 'it', trait: traits[0], severity: 'critical', note: undefined } }]);
  const unchanged = fakeView(shownState({ labels: [saved] }));
  unchanged.actions.editSpan(saved);
  unchanged.actions.commitSpanEditor();
  assert.equal(unchanged.sent.length, 0);
});

test('o marks every trait without a verdict OK as one undo group, and leaves a trait with a span on that side alone', () => {
  const span = { v: 1, op: 'add', id: 's1', at: '', annotator: 'ann', kind: 'span', item: item.id, side: 'baseline', message: 0, field: 'content', start: 0, end: 2, quote: 'It', trait: traits[0]! } as const;
  const v = fakeView(shownState({ labels: [span] }));
  v.key('restOk');
  const adds = v.sent.filter((r) => r.type === 'label/add');
  assert.equal(adds.length, traits.length - 1);
  assert.ok(adds.every((r) => r.type === 'label/add' && r.draft.kind === 'verdict' && r.draft.trait !== traits[0] && r.draft.side === 'baseline'));
  const groups = new Set(adds.map((r) => (r.type === 'label/add' ? r.group : undefined)));
  assert.equal(groups.size, 1);
  assert.ok([...groups][0]);
  assert.match(v.state.toast, /Left alone \(tagged with a span here\): /);
});

test('] selects the next sentence of the focused answer (the left one first), and says when there is no more', () => {
  const v = fakeView();
  v.key('nextSentence');
  assert.deepEqual(v.page, ['focusSide left', 'movePassage left sentence next']);
  assert.equal(v.state.toast, '');
  v.fakePage.movePassage = () => false;
  v.key('extendWord');
  assert.equal(v.state.toast, 'The selection ends with its message field.');
  v.key('previousWord');
  assert.equal(v.state.toast, 'No more text this way.');
});

test('h / l focus a side, e the note', () => {
  const v = fakeView();
  v.key('focusRight');
  assert.equal(v.state.focusSide, 'right');
  v.key('focusNote');
  assert.deepEqual(v.page, ['focusSide right', 'focusNote']);
});

test('alt+shift+N gives the focused step (the tool call last clicked) a violation of trait N; again retracts it; without a focused step the keys stop and say why', () => {
  const none = fakeView();
  none.key('stepViolation', 1);
  assert.deepEqual(none.sent, []);
  assert.match(none.page.join('\n'), /stop No step focused: click a message or tool call/);
  const v = fakeView(shownState({ focusStep: { side: 'trained', message: 0, call: 'call_1' } }));
  v.key('stepViolation', 3);
  assert.deepEqual(v.sent, [{ type: 'label/add', draft: { kind: 'step_verdict', item: item.id, side: 'trained', message: 0, call: 'call_1', trait: traits[2], value: 'violation' } }]);
  const saved: AddEvent = { v: 1, op: 'add', id: 'sv1', at: 'x', annotator: 'ann', kind: 'step_verdict', item: item.id, side: 'trained', message: 0, call: 'call_1', trait: traits[2]!, value: 'violation' };
  v.setState({ ...v.state, labels: [saved] });
  v.key('stepViolation', 3);
  assert.deepEqual(v.sent[1], { type: 'label/remove', target: 'sv1' });
  v.key('stepViolation', 1);
  assert.equal((v.sent[2] as { draft: { trait: string } }).draft.trait, traits[0], 'another trait on the same step is its own verdict');
});

test('ctrl+shift+N puts flag N of the taxonomy on the focused step; again retracts it; a flag the taxonomy lacks is said', () => {
  const flags = taxonomy.flags.map((f) => f.id);
  const v = fakeView(shownState({ focusStep: { side: 'trained', message: 0, call: 'call_1' } }));
  v.key('stepFlag', 2);
  assert.deepEqual(v.sent, [{ type: 'label/add', draft: { kind: 'step_flag', item: item.id, side: 'trained', message: 0, call: 'call_1', flag: flags[1] } }]);
  const saved: AddEvent = { v: 1, op: 'add', id: 'sf1', at: 'x', annotator: 'ann', kind: 'step_flag', item: item.id, side: 'trained', message: 0, call: 'call_1', flag: flags[1]! };
  v.setState({ ...v.state, labels: [saved] });
  v.key('stepFlag', 2);
  assert.deepEqual(v.sent[1], { type: 'label/remove', target: 'sf1' });
  v.key('stepFlag', 9);
  assert.equal(v.sent.length, 2);
  assert.match(v.state.toast ?? '', /no flag 9/);
  const none = fakeView();
  none.key('stepFlag', 1);
  assert.deepEqual(none.sent, []);
  assert.match(none.page.join('\n'), /stop No step focused/);
});

test('the text selection decides the step over the last click, and the step is forgotten with its item', () => {
  const selection = { side: 'baseline', message: 0, field: 'content' as const, start: 0, end: 4, quote: 'Yes,' };
  const v = fakeView(shownState({ focusStep: { side: 'trained', message: 0 } }), selection);
  v.key('stepViolation', 1);
  assert.deepEqual((v.sent[0] as { draft: object }).draft, { kind: 'step_verdict', item: item.id, side: 'baseline', message: 0, trait: traits[0], value: 'violation' });
  v.receive({ type: 'item/didShow', index: 1, count: 3, line: 2, item: { ...item, id: 'item-2' }, turns: [], diffs: [], notes: [], errors: [], labels: [], others: [] });
  assert.equal(v.state.focusStep, null);
});

test('on a shared step, ] walks the prompt without taking a side; h / l go back to a side', () => {
  const v = fakeView(shownState({ focusStep: { side: '', in: 'prompt', message: 2 } }));
  v.key('nextSentence', undefined);
  assert.deepEqual(v.page, ['movePassage left sentence next'], 'no side is focused on the way');
  assert.deepEqual(v.state.focusStep, { side: '', in: 'prompt', message: 2 }, 'the shared step stays the one the step keys act on');
  v.key('focusRight', undefined);
  assert.equal(v.state.focusStep, null);
  assert.equal(v.state.focusSide, 'right');
});
