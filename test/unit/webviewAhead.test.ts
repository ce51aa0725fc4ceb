// `j` within a frame: the host sends ahead the items j / k go to, the view shows one at once and
// tells the host after; what the host answers (didMove) brings what changed since. No label is
// written by a move, and a run of typing that began with `j` goes back where it began.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostToWebview } from '../../src/protocol';
import type { AheadItem } from '../../webview/state';
import { reducer } from '../../webview/reducer';
import { KeyGate, runGapMs, typingMessage } from '../../webview/keyGate';
import { bindingFor, buildKeymap } from '../../webview/keymap';
import { runKeyCommand } from '../../webview/keyCommands';
import { fakeView, item, shownItem, shownState, verdict } from './webviewFixtures';

const second = { ...item, id: 'item-2' };
/** Item 2 (index 1) as the host sends it ahead. */
const ahead = (patch: Partial<AheadItem> = {}): Extract<HostToWebview, { type: 'item/ahead' }> => ({ type: 'item/ahead', ...shownItem({ index: 1, line: 2, item: second }), key: '0:1:item-2', ...patch });

/** A view on item 1 (index 0, key 0:0:item-1) with item 2 sent ahead. */
function viewWithAhead() {
  const v = fakeView(shownState({ index: 0, shownRead: { key: '0:0:item-1', index: 0 } }));
  v.receive(ahead());
  return v;
}

test('an item sent ahead is kept without drawing anything; the one j goes to is parsed while idle', () => {
  const step = reducer(shownState({ index: 0 }), ahead());
  assert.deepEqual(step.state.ahead.map((a) => a.key), ['0:1:item-2']);
  assert.deepEqual(step.effects, [{ do: 'prepare', item: second }]);
  // The item k goes to is kept, not parsed ahead.
  const back = reducer(shownState({ index: 2 }), ahead());
  assert.deepEqual(back.effects, []);
});

test('j to an item sent ahead shows it at once, from the top, and tells the host which read it shows', () => {
  const v = viewWithAhead();
  v.actions.go(1);
  assert.equal(v.state.item?.id, 'item-2', 'shown before any answer');
  assert.equal(v.state.index, 1);
  assert.ok(v.page.includes('scrollToTop'));
  assert.deepEqual(v.sent, [{ type: 'item/show', index: 1, shownFrom: '0:1:item-2', neighbours: [2, 0] }]);
  // Keys that label wait for the host's answer: it knows the item before any label on it.
  assert.equal(v.state.showRequest, 'wv-1');
});

test('k back to the item just left shows it at once, with the labels it had', () => {
  const l = verdict('baseline', 'truthfulness');
  const v = fakeView(shownState({ index: 0, labels: [l], shownRead: { key: '0:0:item-1', index: 0 } }));
  v.receive(ahead());
  v.actions.go(1);
  v.receive({ type: 'item/didMove', requestId: 'wv-1', index: 1, count: 3, line: 2, notes: [], errors: [], labels: [], others: [] });
  v.actions.go(-1);
  assert.equal(v.state.item?.id, 'item-1');
  assert.deepEqual(v.state.labels, [l]);
  assert.equal((v.sent[1] as { shownFrom?: string }).shownFrom, '0:0:item-1');
});

test("the host's answer to a move: nothing to draw when nothing changed; labels written meanwhile are drawn; a stale answer is ignored", () => {
  const v = viewWithAhead();
  v.actions.go(1);
  const same = reducer(v.state, { type: 'item/didMove', requestId: 'wv-1', index: 1, count: 3, line: 2, notes: [], errors: [], labels: [], others: [] });
  assert.equal(same.state.showRequest, undefined, 'label keys may run now');
  assert.deepEqual(same.effects, [{ do: 'settle', requestId: 'wv-1' }]);
  const l = { ...verdict('trained', 'truthfulness'), item: 'item-2' };
  const changed = reducer(v.state, { type: 'item/didMove', requestId: 'wv-1', index: 1, count: 3, line: 2, notes: [], errors: [], labels: [l], others: [] });
  assert.deepEqual(changed.state.labels, [l]);
  assert.ok(changed.effects.some((e) => e.do === 'render'));
  const stale = reducer(v.state, { type: 'item/didMove', requestId: 'wv-0', index: 1, count: 3, line: 2, notes: [], errors: [], labels: [l], others: [] });
  assert.deepEqual(stale.state.labels, []);
  assert.equal(stale.state.showRequest, 'wv-1');
});

test('when the host no longer has that read (the file changed), its full answer replaces what was shown', () => {
  const v = viewWithAhead();
  v.actions.go(1);
  const fresh = { ...second, prompt: [{ role: 'user' as const, content: 'Edited.' }] };
  v.receive({ type: 'item/didShow', requestId: 'wv-1', ...shownItem({ index: 1, line: 2, item: fresh }), key: '1:1:item-2' });
  assert.equal(v.state.item, fresh);
  assert.deepEqual(v.state.shownRead, { key: '1:1:item-2', index: 1 });
});

test('an item the host shows by itself (a reload, the palette) drops what was sent ahead', () => {
  const v = viewWithAhead();
  v.receive({ type: 'item/didShow', ...shownItem({ index: 2, item: { ...item, id: 'item-3' } }) });
  assert.deepEqual(v.state.ahead, []);
  v.actions.go(-1);
  assert.equal(v.state.item?.id, 'item-3', 'asked for, not shown from a stale copy');
  assert.deepEqual(v.sent, [{ type: 'item/show', index: 1, neighbours: [2, 0] }]);
});

test('labels saved for an item kept ahead are the ones shown when j reaches it', () => {
  const v = viewWithAhead();
  const l = { ...verdict('trained', 'truthfulness'), item: 'item-2' };
  v.receive({ type: 'labels/didChange', item: 'item-2', labels: [l], others: [] });
  v.actions.go(1);
  assert.deepEqual(v.state.labels, [l]);
});

/** A gate over a fake view and clock, keys as typed on the review. */
function gated(v: ReturnType<typeof fakeView>) {
  let now = 0;
  const due: { at: number; run: () => void }[] = [];
  const gate = new KeyGate({
    now: () => now,
    schedule: (run, ms) => {
      const entry = { at: now + ms, run };
      due.push(entry);
      return () => void due.splice(due.indexOf(entry) >>> 0, due.includes(entry) ? 1 : 0);
    },
    run: (b) => b.action && runKeyCommand(b.action, b.n, { get: () => v.state, actions: v.actions, page: v.fakePage, stop: (m) => gate.stop(m) }),
    typeInNote: () => undefined,
    enter: () => undefined,
    busy: () => v.state.showRequest !== undefined,
    stopped: () => undefined,
    declined: () => undefined,
    position: () => v.state.index,
    returnTo: (i) => v.actions.show(i),
  });
  const keymap = buildKeymap([]);
  const press = (ch: string) => {
    const p = { key: ch, code: ch === ' ' ? 'Space' : `Key${ch.toUpperCase()}`, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false };
    return gate.press({ binding: bindingFor(p, keymap), kind: 'text', text: ch }, 'review');
  };
  const advance = (ms: number) => {
    now += ms;
    for (const e of due.filter((d) => d.at <= now).sort((a, b) => a.at - b.at)) {
      due.splice(due.indexOf(e), 1);
      e.run();
    }
  };
  return { gate, press, advance };
}

test('j runs at once: the next item is shown by the key itself, not at the end of its run', () => {
  const v = viewWithAhead();
  const g = gated(v);
  assert.equal(g.press('j'), 'ran');
  assert.equal(v.state.item?.id, 'item-2');
});

test('a run of typing that begins with j ("ju…" at 100 ms a key) goes back to the item it began on and writes nothing', () => {
  const v = viewWithAhead();
  const g = gated(v);
  g.press('j');
  g.advance(100);
  assert.equal(g.press('u'), 'ignored');
  assert.equal(g.gate.stopMessage, typingMessage);
  assert.equal(v.state.item?.id, 'item-1', 'back where the run began');
  for (const ch of 'st do') {
    g.advance(100);
    g.press(ch);
  }
  g.advance(runGapMs + 1000);
  assert.deepEqual(v.sent.map((r) => r.type), ['item/show', 'item/show']);
  assert.equal(v.state.item?.id, 'item-1');
});

test('j then d (100 ms apart): d labels the item j showed, once the host knows it is shown', () => {
  const v = viewWithAhead();
  const g = gated(v);
  g.press('j');
  g.advance(100);
  assert.equal(g.press('d'), 'queued');
  g.advance(runGapMs + 100);
  assert.equal(v.sent.filter((r) => r.type === 'label/add').length, 0, 'd waits for the host');
  v.receive({ type: 'item/didMove', requestId: 'wv-1', index: 1, count: 3, line: 2, notes: [], errors: [], labels: [], others: [] });
  g.gate.poke();
  g.advance(100);
  const adds = v.sent.filter((r) => r.type === 'label/add');
  assert.equal(adds.length, 1);
  assert.equal(adds[0]!.type === 'label/add' && adds[0]!.draft.item, 'item-2');
});
