/**
 * What a key pressed in the view does. Every shortcut is a VS Code keybinding that reaches the
 * view as `ui/key` (src/core/review/keys.ts is the one table); the view itself only handles keys
 * local to a widget, and a shortcut VS Code drops in the moment after a text field lost the
 * keyboard. Pure: a key is described by plain fields, so this runs without a DOM.
 */
import { keyBindings, type KeyAction, type KeyBinding } from '../src/core/review/keys';

/** The fields of a KeyboardEvent this needs. */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/** Where the key was pressed. */
export interface KeyContext {
  /** In the item's note field. */
  inNote: boolean;
  /** In any text field (the note, the span note, a search box): keys there are typed. */
  inField: boolean;
  spanEditor: boolean;
  help: boolean;
  /** The host's typing context is set or not yet confirmed unset: VS Code may drop a shortcut. */
  hostMayDrop: boolean;
}

export type LocalKey =
  /** Leave the note, saving it, and give the keys back to where they were. */
  | { do: 'leaveNote' }
  | { do: 'commitSpanEditor' }
  | { do: 'closeHelp' }
  | { do: 'clearPassage' }
  /** Tab stays in the view. */
  | { do: 'wrapTab' }
  /** A shortcut the view runs itself (VS Code dropped it). */
  | { do: 'run'; action: KeyAction; n: number | undefined }
  /** Arrows, Home and End move within a side panel. */
  | { do: 'moveInPanel' };

const panelKeys = new Set(['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown', 'Home', 'End']);

/** The view's own handling of a key, or undefined: the key is left alone (typed, or VS Code's). */
export function keymap(press: KeyPress, where: KeyContext): LocalKey | undefined {
  if (where.inNote && (press.key === 'Escape' || (press.key === 'Enter' && (press.ctrlKey || press.metaKey)))) return { do: 'leaveNote' };
  if (press.key === 'Escape') return where.spanEditor ? { do: 'commitSpanEditor' } : where.help ? { do: 'closeHelp' } : { do: 'clearPassage' };
  if (press.key === 'Tab') return { do: 'wrapTab' };
  if (where.inField) return undefined;
  if (where.hostMayDrop) {
    const b = bindingFor(press);
    if (b?.action) return { do: 'run', action: b.action, n: b.n };
  }
  if (where.spanEditor && press.key === 'Enter') return { do: 'commitSpanEditor' };
  if (panelKeys.has(press.key)) return { do: 'moveInPanel' };
  return undefined;
}

const punctuation: Record<string, string> = { BracketLeft: '[', BracketRight: ']', Slash: '/' };

/** The shipped binding a key matches ("shift+1", "]"), by physical key as VS Code reads it. */
export function bindingFor(press: KeyPress): KeyBinding | undefined {
  const code = press.code;
  const base = /^Key[A-Z]$/.test(code) ? code.slice(3).toLowerCase() : /^Digit\d$/.test(code) ? code.slice(5) : punctuation[code];
  if (!base) return undefined;
  const key = `${press.ctrlKey ? 'ctrl+' : ''}${press.shiftKey ? 'shift+' : ''}${press.altKey ? 'alt+' : ''}${press.metaKey ? 'cmd+' : ''}${base}`;
  return keyBindings.find((b) => b.key === key);
}

/** How long VS Code may take to deliver the same shortcut as `ui/key`. */
export const owedWindowMs = 150;

/**
 * Keys the view ran itself: if VS Code ran the command too (its `ui/key` within 150 ms), that
 * one is dropped, so a key acts once.
 */
export class OwedKeys {
  private owed: { action: KeyAction; n: number | undefined; at: number }[] = [];

  ran(action: KeyAction, n: number | undefined, now: number): void {
    this.owed.push({ action, n, at: now });
  }

  /** True (and forgotten) when the view already ran this key. */
  take(action: KeyAction, n: number | undefined, now: number): boolean {
    while (this.owed.length && now - this.owed[0]!.at > owedWindowMs) this.owed.shift();
    const i = this.owed.findIndex((o) => o.action === action && o.n === n);
    if (i < 0) return false;
    this.owed.splice(i, 1);
    return true;
  }
}
