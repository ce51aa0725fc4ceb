/**
 * The review editor's keys: one table that package.json's `contributes.keybindings` and
 * `contributes.commands`, the help overlay and the README's key table are checked against
 * (test/unit/keys.test.ts), so they cannot drift. Every key is a VS Code keybinding, remappable
 * in keybindings.json; the view reads the bindings as resolved (the user's file applied) and judges
 * each key itself, where it was typed, at the moment it was typed (webview/keyGate.ts).
 */

/** When a review-editor key applies: its editor is active and nothing else has the keyboard. */
export const reviewKeyWhen =
  "activeCustomEditorId == 'transcriptReview.reviewEditor' && !transcriptReview.typing && !inputFocus && !sideBarFocus && !panelFocus && !auxiliaryBarFocus";

/** What the webview does for a key command (`ui/key`); digits carry the trait number. */
export type KeyAction =
  | 'next'
  | 'previous'
  | 'preferLeft'
  | 'preferRight'
  | 'preferTie'
  | 'preferBothBad'
  | 'focusLeft'
  | 'focusRight'
  | 'restOk'
  | 'nextSentence'
  | 'previousSentence'
  | 'extendSentence'
  | 'shrinkSentence'
  | 'nextWord'
  | 'previousWord'
  | 'extendWord'
  | 'shrinkWord'
  | 'nextBlock'
  | 'previousBlock'
  | 'trait'
  | 'violation'
  | 'traitPreference'
  | 'stepViolation'
  | 'stepFlag'
  | 'focusNote'
  | 'nextStep'
  | 'previousStep'
  | 'nextToolCall'
  | 'previousToolCall'
  | 'nextLabeledStep'
  | 'previousLabeledStep'
  | 'toggleToolResults'
  | 'toggleOutline';

export interface KeyBinding {
  /** The command the key runs. */
  command: string;
  /** VS Code keybinding syntax. */
  key: string;
  /** On macOS, when it differs. */
  mac?: string;
  /** The palette title (after the "Transcript Review" category). */
  title: string;
  /** What the help overlay and README say it does. */
  help: string;
  /** The webview action, for commands that act in the view; absent for host commands. */
  action?: KeyAction;
  /** Trait number (1-based) for per-trait keys. */
  n?: number;
}

const traitKeys = 9;
const digits = Array.from({ length: traitKeys }, (_, i) => i + 1);

/** Host commands that already existed, now with their keys. */
const hostKeys: KeyBinding[] = [
  { command: 'transcriptReview.goToItem', key: 'g', title: 'Go to Item…', help: 'Go to an item by id or #N' },
  { command: 'transcriptReview.nextUnlabeled', key: 'n', title: 'Next Unlabeled Item', help: 'Next item I have not labeled (within the filter, and my campaign queue)' },
  { command: 'transcriptReview.toggleDiff', key: 'f', title: 'Toggle Diff Highlighting', help: 'Diff highlighting on / off' },
  { command: 'transcriptReview.toggleRaw', key: 'r', title: 'Toggle Raw Markdown', help: 'Markdown source / rendered text' },
  { command: 'transcriptReview.toggleBlindMode', key: 'b', title: 'Blind Mode', help: 'Blind mode on / off' },
  { command: 'transcriptReview.undoLabel', key: 'ctrl+z', mac: 'cmd+z', title: 'Undo Last Label', help: 'Undo the last label' },
  { command: 'transcriptReview.redoLabel', key: 'ctrl+shift+z', mac: 'cmd+shift+z', title: 'Redo Label', help: 'Redo' },
];

/** Commands that only exist as keys: each asks the webview to act (`ui/key`). */
const viewKeys: KeyBinding[] = [
  { command: 'transcriptReview.nextItem', key: 'j', title: 'Next Item', help: 'Next item (within the filter, when one is active)', action: 'next' },
  { command: 'transcriptReview.previousItem', key: 'k', title: 'Previous Item', help: 'Previous item (within the filter)', action: 'previous' },
  { command: 'transcriptReview.preferLeft', key: 'a', title: 'Prefer the Left Response', help: 'The left response is better', action: 'preferLeft' },
  { command: 'transcriptReview.preferRight', key: 'd', title: 'Prefer the Right Response', help: 'The right response is better', action: 'preferRight' },
  { command: 'transcriptReview.preferTie', key: 's', title: 'Tie', help: 'Tie', action: 'preferTie' },
  { command: 'transcriptReview.preferBothBad', key: 'x', title: 'Both Bad', help: 'Both bad', action: 'preferBothBad' },
  { command: 'transcriptReview.focusLeftSide', key: 'h', title: 'Focus the Left Side', help: 'Focus the left side (its answer and verdict grid)', action: 'focusLeft' },
  { command: 'transcriptReview.focusRightSide', key: 'l', title: 'Focus the Right Side', help: 'Focus the right side', action: 'focusRight' },
  ...digits.map((n) => ({ command: `transcriptReview.violation${n}`, key: `shift+${n}`, title: `Violation of Trait ${n}`, help: `Trait ${n}: violation on the focused side (again: retract)`, action: 'violation' as const, n })),
  { command: 'transcriptReview.restOk', key: 'o', title: 'Every Unset Trait OK', help: 'Every trait without a verdict on the focused side: OK', action: 'restOk' },
  { command: 'transcriptReview.nextSentence', key: ']', title: 'Select the Next Sentence', help: 'Select the next sentence of the focused answer', action: 'nextSentence' },
  { command: 'transcriptReview.previousSentence', key: '[', title: 'Select the Previous Sentence', help: 'Select the previous sentence', action: 'previousSentence' },
  { command: 'transcriptReview.extendSentence', key: 'shift+]', title: 'Extend the Selection by a Sentence', help: 'Extend the selection by a sentence', action: 'extendSentence' },
  { command: 'transcriptReview.shrinkSentence', key: 'shift+[', title: 'Shrink the Selection by a Sentence', help: 'Shrink the selection by a sentence', action: 'shrinkSentence' },
  { command: 'transcriptReview.nextBlock', key: 'p', title: 'Select the Next Paragraph or List Item', help: 'Jump to the next paragraph or list item (its first sentence)', action: 'nextBlock' },
  { command: 'transcriptReview.previousBlock', key: 'shift+p', title: 'Select the Previous Paragraph or List Item', help: 'Jump to the previous paragraph or list item', action: 'previousBlock' },
  { command: 'transcriptReview.nextStep', key: 'shift+j', title: 'Go to the Next Step', help: 'Next step of the focused side (a model turn, tool result or other message)', action: 'nextStep' },
  { command: 'transcriptReview.previousStep', key: 'shift+k', title: 'Go to the Previous Step', help: 'Previous step', action: 'previousStep' },
  { command: 'transcriptReview.nextToolCall', key: 't', title: 'Go to the Next Tool Call', help: 'Next tool call of the focused side', action: 'nextToolCall' },
  { command: 'transcriptReview.previousToolCall', key: 'shift+t', title: 'Go to the Previous Tool Call', help: 'Previous tool call', action: 'previousToolCall' },
  { command: 'transcriptReview.nextLabeledStep', key: 'm', title: 'Go to the Next Step with a Label', help: 'Next step with a label on it', action: 'nextLabeledStep' },
  { command: 'transcriptReview.previousLabeledStep', key: 'shift+m', title: 'Go to the Previous Step with a Label', help: 'Previous step with a label on it', action: 'previousLabeledStep' },
  { command: 'transcriptReview.toggleToolResults', key: 'c', title: 'Collapse or Expand All Tool Results', help: 'Collapse every tool result of the item (again: expand them all)', action: 'toggleToolResults' },
  { command: 'transcriptReview.toggleOutline', key: 'shift+o', title: 'Show or Hide the Step Outline', help: 'Outline of each side’s steps (arrows move, Enter goes to the step)', action: 'toggleOutline' },
  { command: 'transcriptReview.nextWord', key: 'w', title: 'Select the Next Word', help: 'Select the next word of the focused answer', action: 'nextWord' },
  { command: 'transcriptReview.previousWord', key: 'q', title: 'Select the Previous Word', help: 'Select the previous word', action: 'previousWord' },
  { command: 'transcriptReview.extendWord', key: 'shift+w', title: 'Extend the Selection by a Word', help: 'Extend the selection by a word', action: 'extendWord' },
  { command: 'transcriptReview.shrinkWord', key: 'shift+q', title: 'Shrink the Selection by a Word', help: 'Shrink the selection by a word', action: 'shrinkWord' },
  ...digits.map((n) => ({ command: `transcriptReview.trait${n}`, key: `${n}`, title: `Tag Selection with Trait ${n}`, help: `Trait ${n}: tag the selected passage; in the span dialog: severity ${n}`, action: 'trait' as const, n })),
  ...digits.map((n) => ({
    command: `transcriptReview.stepViolation${n}`,
    key: `alt+shift+${n}`,
    title: `Violation of Trait ${n} on the Focused Step`,
    help: `Trait ${n}: violation on the focused step — the message or tool call holding the selection, last clicked or gone to with the step keys (again: retract)`,
    action: 'stepViolation' as const,
    n,
  })),
  ...digits.map((n) => ({
    command: `transcriptReview.stepFlag${n}`,
    key: `ctrl+shift+${n}`,
    title: `Flag ${n} on the Focused Step`,
    help: `Flag ${n} of the taxonomy on the focused step (again: retract)`,
    action: 'stepFlag' as const,
    n,
  })),
  ...digits.map((n) => ({ command: `transcriptReview.traitPreference${n}`, key: `alt+${n}`, title: `Per-Trait Preference ${n}`, help: `Trait ${n}: per-trait preference, left → tie → right → none`, action: 'traitPreference' as const, n })),
  { command: 'transcriptReview.focusNote', key: 'e', title: 'Edit the Item Note', help: 'Edit the item note (Ctrl+Enter or Esc saves and returns)', action: 'focusNote' },
  { command: 'transcriptReview.showKeyboardShortcuts', key: 'shift+/', title: 'Show Keyboard Shortcuts', help: 'Show or hide this list' },
];

export const keyBindings: readonly KeyBinding[] = [...viewKeys, ...hostKeys];

/** Commands the host runs for a key the view judged (`ui/command`): the bindings without a view action. */
export const hostCommands = keyBindings.flatMap((b) => (b.action ? [] : [b.command])) as [string, ...string[]];

/** The webview actions, for the protocol's schema. */
export const keyActions = [...new Set(viewKeys.flatMap((b) => (b.action ? [b.action] : [])))] as [KeyAction, ...KeyAction[]];

/** Keys the webview handles itself, local to a widget (shown in the help, not remappable). */
export const localKeys: readonly [string, string][] = [
  ['Arrow keys', 'Move within a side’s verdict grid, rubric and flags (Space or Enter presses)'],
  ['Tab / Shift+Tab', 'Toolbar → left side → right side → preference → note'],
  ['Esc', 'Leave the note (saving it) or a dialog; clear a keyboard selection; start again after the keys stopped'],
  ['Enter', 'In the span dialog: save'],
];

/** How a key reads in the help and the README: "shift+]" → "Shift+]". */
export function keyLabel(key: string): string {
  if (!key) return '(unbound)';
  if (key === 'shift+/') return '?';
  return key
    .split(' ')
    .map((chord) =>
      chord
        .split('+')
        .map((part) => (part.length === 1 ? part : part[0]!.toUpperCase() + part.slice(1)))
        .join('+'),
    )
    .join(' ');
}

/** A keybindings.json entry as far as it matters here. */
export interface UserBinding {
  key?: string;
  command?: string;
}

/**
 * The key of each command after the user's keybindings.json: a `-command` entry removes the
 * default (for that key, or all when no key), a `command` entry adds a key (the last one wins,
 * as VS Code's own resolution does for the label it shows).
 */
export function resolvedKeys(user: readonly UserBinding[], mac = false): Map<string, string[]> {
  // On a Mac the shipped key is the `mac` binding where there is one, as VS Code resolves it.
  const out = new Map<string, string[]>(keyBindings.map((b) => [b.command, [(mac && b.mac) || b.key]]));
  for (const u of user) {
    const cmd = u.command;
    if (!cmd) continue;
    const key = (u.key ?? '').toLowerCase();
    if (cmd.startsWith('-')) {
      const name = cmd.slice(1);
      const keys = out.get(name);
      if (keys) out.set(name, key ? keys.filter((k) => k !== key) : []);
    } else if (out.has(cmd) && key) {
      out.set(cmd, [...(out.get(cmd) ?? []).filter((k) => k !== key), key]);
    }
  }
  return out;
}

/**
 * The README's key table (between `<!-- keys -->` and `<!-- /keys -->`), from the same table:
 * per-trait keys as one row each, then the keys local to a widget.
 */
export function keyTableMarkdown(): string {
  const rows: string[] = ['| Key | Command | Action |', '| --- | --- | --- |'];
  const done = new Set<string>();
  for (const b of keyBindings) {
    if (done.has(b.command)) continue;
    const group = b.n ? keyBindings.filter((x) => x.action === b.action && x.n) : [b];
    for (const x of group) done.add(x.command);
    const keys = group.length > 1 ? `\`${keyLabel(group[0]!.key)}\` … \`${keyLabel(group.at(-1)!.key)}\`` : `\`${keyLabel(b.key)}\``;
    const command = group.length > 1 ? `\`${b.command.replace(/\d+$/, 'N')}\`` : `\`${b.command}\``;
    const help = group.length > 1 ? b.help.replaceAll(String(b.n), 'N') : b.help;
    rows.push(`| ${keys.replaceAll('|', '\\|')} | ${command} | ${help} |`);
  }
  for (const [k, d] of localKeys) rows.push(`| ${k} | (in the view) | ${d} |`);
  return rows.join('\n');
}
