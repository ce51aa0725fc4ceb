import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bindingFor, buildKeymap, localKey as keymap, normalKey, type KeyContext, type KeyPress } from '../../webview/keymap';
import { keyBindings } from '../../src/core/review/keys';

const codes: Record<string, string> = { '[': 'BracketLeft', ']': 'BracketRight', '/': 'Slash' };

/** A key press as the browser reports it, from VS Code keybinding syntax ("shift+1", "j"). */
function press(binding: string, key = binding.split('+').at(-1)!): KeyPress {
  const parts = binding.split('+');
  const base = parts.at(-1)!;
  const code = codes[base] ?? (/^\d$/.test(base) ? `Digit${base}` : /^[a-z]$/.test(base) ? `Key${base.toUpperCase()}` : base);
  return { key, code, ctrlKey: parts.includes('ctrl'), shiftKey: parts.includes('shift'), altKey: parts.includes('alt'), metaKey: parts.includes('cmd') };
}

const onPage: KeyContext = { inNote: false, inField: false, spanEditor: false, help: false };
const shipped = buildKeymap([]);

test('every key of the one key table is recognised by its physical key', () => {
  assert.ok(keyBindings.length > 40);
  for (const b of keyBindings) assert.equal(bindingFor(press(b.key), shipped)?.command, b.command, b.key);
  assert.equal(bindingFor(press('alt+3', '£'), shipped)?.command, 'transcriptReview.traitPreference3');
  assert.equal(bindingFor(press('shift+1', '!'), shipped)?.command, 'transcriptReview.violation1');
});

test("the keys as bound after the user's keybindings.json: m is next item, j is nothing", () => {
  const remapped = buildKeymap([
    { keys: ['m'], help: 'Next item', bound: [{ command: 'transcriptReview.nextItem', keys: ['m'] }] },
    { keys: ['k'], help: 'Previous item', bound: [{ command: 'transcriptReview.previousItem', keys: ['k', 'Shift+Ctrl+K'] }] },
    // m as shipped (next step with a label), listed after: the user's binding of m still wins, as in VS Code.
    { keys: ['m'], help: 'Next step with a label', bound: [{ command: 'transcriptReview.nextLabeledStep', keys: ['m'] }] },
  ]);
  assert.equal(bindingFor(press('m'), remapped)?.action, 'next');
  assert.equal(bindingFor(press('j'), remapped), undefined);
  assert.equal(bindingFor(press('ctrl+shift+k'), remapped)?.action, 'previous', 'modifiers in any order, any case');
  assert.equal(normalKey('Shift+Cmd+Z'), 'shift+cmd+z');
});

test('keys typed in the note (or any text field) are not local keys', () => {
  const inNote = { ...onPage, inNote: true, inField: true };
  for (const k of ['j', 'k', 'a', 'd', '1', 'shift+1', 'o', 'e']) assert.equal(keymap(press(k), inNote), undefined, k);
  assert.equal(keymap(press('Enter', 'Enter'), inNote), undefined, 'Enter is a new line in the note');
});

test('Esc or Ctrl+Enter (Cmd+Enter) in the note leaves it, saving', () => {
  const inNote = { ...onPage, inNote: true, inField: true };
  assert.deepEqual(keymap(press('Escape', 'Escape'), inNote), { do: 'leaveNote' });
  assert.deepEqual(keymap(press('ctrl+Enter', 'Enter'), inNote), { do: 'leaveNote' });
  assert.deepEqual(keymap(press('cmd+Enter', 'Enter'), inNote), { do: 'leaveNote' });
});

test('Esc saves the span dialog, else closes the help, else clears a keyboard selection', () => {
  const esc = press('Escape', 'Escape');
  assert.deepEqual(keymap(esc, { ...onPage, spanEditor: true, help: true }), { do: 'commitSpanEditor' });
  assert.deepEqual(keymap(esc, { ...onPage, help: true }), { do: 'closeHelp' });
  assert.deepEqual(keymap(esc, onPage), { do: 'clearPassage' });
});

test('Enter in the span dialog saves it; Tab stays in the view; arrows move in a side panel', () => {
  assert.deepEqual(keymap(press('Enter', 'Enter'), { ...onPage, spanEditor: true }), { do: 'commitSpanEditor' });
  assert.equal(keymap(press('Enter', 'Enter'), onPage), undefined);
  assert.deepEqual(keymap(press('Tab', 'Tab'), { ...onPage, inField: true }), { do: 'wrapTab' });
  for (const k of ['ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight', 'Home', 'End']) assert.deepEqual(keymap(press(k, k), onPage), { do: 'moveInPanel' }, k);
  assert.equal(keymap(press('ArrowDown', 'ArrowDown'), { ...onPage, inField: true }), undefined, 'arrows in a field move the caret');
});
