/**
 * Which command a key pressed in the view is bound to, after the user's keybindings.json (the
 * host sends the bindings as resolved), and what the keys local to a widget do. Pure: a key is
 * described by plain fields, so this runs without a DOM.
 */
import { keyBindings, type KeyBinding } from '../src/core/review/keys';
import type { KeyHelp } from '../src/protocol';

/** The fields of a KeyboardEvent this needs. */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/** Where the key was pressed, for the keys local to a widget. */
export interface KeyContext {
  /** In the item's note field. */
  inNote: boolean;
  /** In any text field (the note, the span note, a search box): keys there are typed. */
  inField: boolean;
  spanEditor: boolean;
  help: boolean;
}

export type LocalKey =
  /** Leave the note, saving it, and give the keys back to where they were. */
  | { do: 'leaveNote' }
  | { do: 'commitSpanEditor' }
  | { do: 'closeHelp' }
  /** Esc on the review: clears a keyboard selection and a stopped flow. */
  | { do: 'clearPassage' }
  /** Tab stays in the view. */
  | { do: 'wrapTab' }
  /** Arrows, Home and End move within a side panel. */
  | { do: 'moveInPanel' };

const panelKeys = new Set(['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown', 'Home', 'End']);

/** The view's own handling of a key local to a widget, or undefined. */
export function localKey(press: KeyPress, where: KeyContext): LocalKey | undefined {
  if (where.inNote && (press.key === 'Escape' || (press.key === 'Enter' && (press.ctrlKey || press.metaKey)))) return { do: 'leaveNote' };
  if (press.key === 'Escape') return where.spanEditor ? { do: 'commitSpanEditor' } : where.help ? { do: 'closeHelp' } : { do: 'clearPassage' };
  if (press.key === 'Tab') return { do: 'wrapTab' };
  if (where.inField) return undefined;
  if (where.spanEditor && press.key === 'Enter') return { do: 'commitSpanEditor' };
  if (panelKeys.has(press.key)) return { do: 'moveInPanel' };
  return undefined;
}

const named: Record<string, string> = {
  BracketLeft: '[',
  BracketRight: ']',
  Slash: '/',
  Backslash: '\\',
  Period: '.',
  Comma: ',',
  Semicolon: ';',
  Quote: "'",
  Backquote: '`',
  Minus: '-',
  Equal: '=',
  Space: 'space',
  Enter: 'enter',
  Tab: 'tab',
  Escape: 'escape',
  Backspace: 'backspace',
  Delete: 'delete',
};

const modifierOrder = ['ctrl', 'shift', 'alt', 'cmd', 'meta', 'win'];

/** A keybindings.json key in one spelling: lower case, modifiers in a fixed order ("Shift+Ctrl+Z" → "ctrl+shift+z"). */
export function normalKey(key: string): string {
  const parts = key.toLowerCase().trim().split('+');
  const base = parts.pop() ?? '';
  const mods = parts.map((m) => (m === 'meta' || m === 'win' ? 'cmd' : m)).sort((a, b) => modifierOrder.indexOf(a) - modifierOrder.indexOf(b));
  return [...mods, base].join('+');
}

/** A press as keybindings.json spells it, by physical key as VS Code reads it; undefined for a lone modifier. */
export function pressKey(press: KeyPress): string | undefined {
  const code = press.code;
  const base = /^Key[A-Z]$/.test(code) ? code.slice(3).toLowerCase() : /^Digit\d$/.test(code) ? code.slice(5) : named[code];
  if (!base) return undefined;
  return `${press.ctrlKey ? 'ctrl+' : ''}${press.shiftKey ? 'shift+' : ''}${press.altKey ? 'alt+' : ''}${press.metaKey ? 'cmd+' : ''}${base}`;
}

/** Key → binding, from the bindings as resolved (keybindings.json applied), or as shipped when none came yet. */
export type Keymap = ReadonlyMap<string, KeyBinding>;

export function buildKeymap(help: readonly KeyHelp[], mac = false): Keymap {
  const byCommand = new Map(keyBindings.map((b) => [b.command, b]));
  const out = new Map<string, KeyBinding>();
  const rows = help.flatMap((h) => h.bound ?? []);
  if (rows.length === 0) {
    for (const b of keyBindings) out.set(normalKey((mac && b.mac) || b.key), b);
    return out;
  }
  // A key the user bound in keybindings.json wins over a key as shipped, as in VS Code (user rules
  // come after the defaults): shipped keys first, then the user's on top.
  const shipped = (b: KeyBinding, k: string) => normalKey(k) === normalKey((mac && b.mac) || b.key);
  for (const user of [false, true]) {
    for (const { command, keys } of rows) {
      const b = byCommand.get(command);
      // A chord ("ctrl+k ctrl+c") is VS Code's to read; the view matches single presses.
      if (b) for (const k of keys) if (!k.includes(' ') && shipped(b, k) !== user) out.set(normalKey(k), b);
    }
  }
  return out;
}

/** The binding a press matches, or undefined. */
export function bindingFor(press: KeyPress, keymap: Keymap): KeyBinding | undefined {
  const key = pressKey(press);
  return key ? keymap.get(key) : undefined;
}

/** A key that types a character (or deletes one): typed on the review with no binding, it is prose. */
export function typesText(press: KeyPress): boolean {
  if (press.ctrlKey || press.metaKey) return false;
  return press.key.length === 1 || press.key === 'Backspace' || press.key === 'Delete';
}
