// The key rule, deterministic: a fake clock, keys typed at a set pace, and VS Code's copy of each
// bound key (`ui/key`) delivered 0–500 ms late through the reducer, as the host would post it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyGate, runGapMs, typingMessage, type Place, type PressKind } from '../../webview/keyGate';
import { bindingFor, buildKeymap, typesText } from '../../webview/keymap';
import { reducer } from '../../webview/reducer';
import { runKeyCommand } from '../../webview/keyCommands';
import type { Request } from '../../webview/host';
import { fakeView, shownState, taxonomy, item } from './webviewFixtures';

const traits = taxonomy.traits.map((t) => t.id);

const keymap = buildKeymap([]);
const codeOf = (ch: string) => (/^[a-z]$/i.test(ch) ? `Key${ch.toUpperCase()}` : /^\d$/.test(ch) ? `Digit${ch}` : ({ ']': 'BracketRight', '[': 'BracketLeft', ' ': 'Space', ':': 'Semicolon', ';': 'Semicolon', '\t': 'Tab' } as Record<string, string>)[ch] ?? 'Unknown');

/** A view, its gate, and a clock: `at(ms, run)` queues work, `until(ms)` runs it in time order. */
function harness(start = shownState()) {
  const v = fakeView(start, { side: 'trained', message: 0, field: 'content', start: 0, end: 4, quote: 'Case' });
  let now = 0;
  const due: { at: number; seq: number; run: () => void }[] = [];
  let seq = 0;
  const at = (ms: number, run: () => void) => {
    const entry = { at: ms, seq: seq++, run };
    due.push(entry);
    return () => void due.splice(due.indexOf(entry) >>> 0, due.includes(entry) ? 1 : 0);
  };
  const declined: string[] = [];
  const gate = new KeyGate({
    now: () => now,
    schedule: (run, ms) => at(now + ms, run),
    run: (b) => (b.action ? runKeyCommand(b.action, b.n, { get: () => v.state, actions: v.actions, page: v.fakePage, stop: (m) => gate.stop(m) }) : void v.sent.push({ type: 'ui/command', command: b.command } as Request)),
    typeInNote: (text) => void v.page.push(`typeInNote ${text}`),
    enter: () => void (v.state.spanEditor && v.actions.commitSpanEditor()),
    busy: () => v.state.showRequest !== undefined,
    stopped: (m) => void v.page.push(`stopped ${m ?? ''}`),
    declined: (a) => void declined.push(a),
    position: () => v.state.index,
    returnTo: (index) => v.actions.show(index),
  });
  /** The view's half of a key press; the host's half (`ui/key`) follows `delay` ms later for a bound key. */
  const type = (ch: string, place: () => Place, delay: number | undefined) => {
    const press = { key: ch === '\t' ? 'Tab' : ch, code: codeOf(ch), ctrlKey: false, shiftKey: false, altKey: false, metaKey: false };
    const binding = bindingFor(press, keymap);
    const kind: PressKind = ch === '\t' ? 'tab' : typesText(press) ? 'text' : 'other';
    gate.press({ binding, kind, text: ch }, place());
    if (binding?.action && delay !== undefined) {
      const action = binding.action;
      at(now + delay, () => {
        const step = reducer(v.state, { type: 'ui/key', action, ...(binding.n ? { n: binding.n } : {}) });
        for (const e of step.effects) if (e.do === 'key') gate.fromHost(e.action);
      });
    }
  };
  const until = (ms: number) => {
    for (;;) {
      due.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = due[0];
      if (!next || next.at > ms) break;
      due.shift();
      now = next.at;
      next.run();
    }
    now = ms;
  };
  /** Types `text` at `gapMs` per key from the current time. */
  const typeText = (text: string, gapMs: number, place: () => Place, delay: number | undefined) => {
    const t0 = now;
    [...text].forEach((ch, i) => at(t0 + i * gapMs, () => type(ch, place, delay)));
    return t0 + text.length * gapMs;
  };
  return { v, gate, at, until, type, typeText, declined, get now() {
    return now;
  } };
}

const note = 'sad jinx: answer drifts; x and n cases';
const delays = [0, 1, 50, 100, 150, 200, 300, 400, 500];
/** What keys must never do while text is typed: write a preference or verdict, move, or run a host command. */
const stray = (sent: Request[]) => sent.filter((r) => r.type !== 'label/add' || r.draft.kind === 'preference' || r.draft.kind === 'verdict');

for (const delay of delays) {
  test(`typed into the span note, VS Code's key commands ${delay} ms late: only the span the dialog saves, with every letter`, () => {
    const h = harness();
    h.v.actions.tagSelection(traits[0]!);
    let inNote = true;
    const end = h.typeText(note, 150, () => (inNote ? 'field' : 'review'), delay);
    h.at(end, () => {
      h.v.actions.setSpanEditor({ note });
      h.v.actions.commitSpanEditor();
      inNote = false;
    });
    h.until(end + 2000);
    assert.deepEqual(stray(h.v.sent), []);
    assert.equal(h.v.sent.length, 1);
    const only = h.v.sent[0]!;
    assert.ok(only.type === 'label/add' && only.draft.kind === 'span' && only.draft.note === note);
    assert.equal(h.v.state.showRequest, undefined, 'no item was asked for');
    assert.ok(h.declined.length > 0, 'the late commands came, and were declined');
  });

  test(`typed into the item note, VS Code's key commands ${delay} ms late: nothing written, nothing moved`, () => {
    const h = harness();
    let inNote = true;
    const end = h.typeText(note, 120, () => (inNote ? 'field' : 'review'), delay);
    // Esc leaves the note before the last commands arrive: they land on the review.
    h.at(end, () => void (inNote = false));
    h.until(end + 2000);
    assert.deepEqual(h.v.sent, []);
    assert.deepEqual(h.v.page, []);
  });

  test(`typed into a quick pick, VS Code's key commands ${delay} ms late: nothing written, nothing moved`, () => {
    const h = harness();
    // The quick pick has the keyboard: the view sees none of these keys, only VS Code's commands.
    h.gate.blur();
    const t0 = h.now;
    [...'sycophancy'].forEach((ch, i) =>
      h.at(t0 + i * 150 + delay, () => {
        const binding = bindingFor({ key: ch, code: codeOf(ch), ctrlKey: false, shiftKey: false, altKey: false, metaKey: false }, keymap);
        if (binding?.action) for (const e of reducer(h.v.state, { type: 'ui/key', action: binding.action }).effects) if (e.do === 'key') h.gate.fromHost(e.action);
      }),
    );
    h.until(t0 + 5000);
    assert.deepEqual(h.v.sent, []);
    assert.deepEqual(h.v.page, []);
  });
}

test('the issue sequence on the review at 150 ms a key (l ] 1 Tab and a note): no label, and the keys stop with a note', () => {
  const h = harness();
  const end = h.typeText(`l]1\t${note}`, 150, () => 'review', undefined);
  h.until(end + 2000);
  assert.deepEqual(h.v.sent, []);
  assert.equal(h.gate.stopMessage, typingMessage);
  assert.ok(h.v.page.includes(`stopped ${typingMessage}`));
  // Until Esc, nothing runs.
  h.type('d', () => 'review', undefined);
  h.until(h.now + 1000);
  assert.deepEqual(h.v.sent, []);
  h.gate.press({ binding: undefined, kind: 'escape' }, 'review');
  h.type('d', () => 'review', undefined);
  h.until(h.now + 1000);
  assert.deepEqual((h.v.sent as Request[]).map((r) => r.type === 'label/add' && r.draft.kind === 'preference' && r.draft.value), ['trained']);
});

test('fast command keys (o j d j, 100 ms apart) all run, in order, and d waits for the item j asked for', () => {
  const h = harness();
  const end = h.typeText('ojdj', 100, () => 'review', undefined);
  h.until(end + runGapMs + 10);
  // o (one group of verdicts) and j ran; d waits: the item j asked for is not shown yet.
  const show = h.v.sent.find((r) => r.type === 'item/show');
  assert.ok(show, 'j asked for the next item');
  assert.equal(h.v.sent.filter((r) => r.type === 'label/add' && r.draft.kind === 'preference').length, 0, 'd waits for its item');
  // The host answers: item 2 is shown, and d labels it, then j goes on.
  const next = { ...item, id: 'item-2' };
  const step = reducer(h.v.state, { type: 'item/didShow', requestId: h.v.state.showRequest, index: 1, count: 3, line: 2, item: next, turns: [], diffs: [], notes: [], errors: [], labels: [], others: [] });
  h.v.setState(step.state);
  h.gate.poke();
  h.until(h.now + 200);
  const prefs = h.v.sent.filter((r) => r.type === 'label/add' && r.draft.kind === 'preference');
  assert.equal(prefs.length, 1);
  assert.equal(prefs[0]!.type === 'label/add' && prefs[0]!.draft.item, 'item-2');
  assert.equal(h.v.sent.filter((r) => r.type === 'item/show').length, 2);
});

test('e then a note typed at once: the letters typed before the note had the keyboard go into it, in order', () => {
  const h = harness();
  // d, then e 100 ms later: e waits behind d, and what follows is the note's.
  h.typeText('de', 100, () => 'review', undefined);
  h.until(150);
  const end = h.typeText('sad jinx', 40, () => 'review', undefined);
  h.until(end + runGapMs + 50);
  assert.equal(h.v.sent.filter((r) => r.type === 'label/add' && r.draft.kind === 'preference').length, 1);
  assert.ok(h.v.page.includes('focusNote'));
  assert.equal(h.v.page.at(-1), 'typeInNote sad jinx');
});

test('a trait key with nothing selected stops the keys and says why; Tab after it goes nowhere', () => {
  const h = harness();
  h.v.fakePage.selection = () => null;
  h.type('1', () => 'review', undefined);
  h.until(h.now + runGapMs + 10);
  assert.match(h.gate.stopMessage ?? '', /^Nothing selected to tag/);
  h.until(h.now + 1000);
  h.type('\t', () => 'review', undefined);
  for (const ch of 'sad') h.type(ch, () => 'review', undefined);
  h.until(h.now + 2000);
  assert.deepEqual(h.v.sent, []);
});

test('] 1 Enter at 200 ms a key: Enter waits behind 1 and saves the span dialog 1 opened', () => {
  const h = harness();
  const end = h.typeText(']1', 200, () => 'review', undefined);
  h.at(end, () => void h.gate.press({ binding: undefined, kind: 'enter' }, h.v.state.spanEditor ? 'dialog' : 'review'));
  h.until(end + 2000);
  const spans = (h.v.sent as Request[]).filter((r) => r.type === 'label/add' && r.draft.kind === 'span');
  assert.equal(spans.length, 1);
  assert.equal(h.v.state.spanEditor, null);
});
