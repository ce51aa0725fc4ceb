import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bindingFor, keymap, OwedKeys, owedWindowMs, type KeyContext, type KeyPress } from '../../webview/keymap';
import { keyBindings } from '../../src/core/review/keys';

const codes: Record<string, string> = { '[': 'BracketLeft', ']': 'BracketRight', '/': 'Slash' };

/** A key press as the browser reports it, from VS Code keybinding syntax ("shift+1", "j"). */
function press(binding: string, key = binding.split('+').at(-1)!): KeyPress {
  const parts = binding.split('+');
  const base = parts.at(-1)!;
  const code = codes[base] ?? (/^\d$/.test(base) ? `Digit${base}` : /^[a-z]$/.test(base) ? `Key${base.toUpperCase()}` : base);
  return { key, code, ctrlKey: parts.includes('ctrl'), shiftKey: parts.includes('shift'), altKey: parts.includes('alt'), metaKey: parts.includes('cmd') };
}

const onPage: KeyContext = { inNote: false, inField: false, spanEditor: false, help: false, hostMayDrop: false };
/** Just out of a text field: the host's typing context has not caught up, so VS Code may drop the key. */
const justOutOfField: KeyContext = { ...onPage, hostMayDrop: true };

test('j, shift+1, ] and alt+3 run next item, violation 1, next sentence and trait preference 3 when VS Code may drop them', () => {
  assert.deepEqual(keymap(press('j'), justOutOfField), { do: 'run', action: 'next', n: undefined });
  assert.deepEqual(keymap(press('shift+1', '!'), justOutOfField), { do: 'run', action: 'violation', n: 1 });
  assert.deepEqual(keymap(press(']'), justOutOfField), { do: 'run', action: 'nextSentence', n: undefined });
  assert.deepEqual(keymap(press('alt+3', '£'), justOutOfField), { do: 'run', action: 'traitPreference', n: 3 });
});

test('every key of the one key table that acts in the view is recognised by its physical key', () => {
  const viewKeys = keyBindings.filter((b) => b.action);
  assert.ok(viewKeys.length > 40);
  for (const b of viewKeys) assert.equal(bindingFor(press(b.key))?.command, b.command, b.key);
});

test('with the host caught up, shortcuts are left to VS Code (the view does not run them a second time)', () => {
  assert.equal(keymap(press('j'), onPage), undefined);
  assert.equal(keymap(press('shift+1', '!'), onPage), undefined);
});

test('keys typed in the note (or any text field) are not shortcuts', () => {
  const inNote = { ...justOutOfField, inNote: true, inField: true };
  for (const k of ['j', 'k', 'a', 'd', '1', 'shift+1', 'o', 'e']) assert.equal(keymap(press(k), inNote), undefined, k);
  assert.equal(keymap(press('Enter', 'Enter'), inNote), undefined, 'Enter is a new line in the note');
  assert.equal(keymap(press('j'), { ...justOutOfField, inField: true }), undefined, 'a text field that is not the note');
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

test('a key the view ran itself is not run again when VS Code delivers it too, within the window only', () => {
  const owed = new OwedKeys();
  owed.ran('violation', 1, 1000);
  assert.equal(owed.take('violation', 2, 1010), false, 'another trait is another key');
  assert.equal(owed.take('violation', 1, 1010), true);
  assert.equal(owed.take('violation', 1, 1020), false, 'owed once');
  owed.ran('next', undefined, 2000);
  assert.equal(owed.take('next', undefined, 2000 + owedWindowMs + 1), false, 'too late: a second press');
});
