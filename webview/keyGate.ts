/**
 * The one rule for keys: a key writes a label (or moves to another item) only when the view saw it
 * pressed on the review itself — no text field, dialog or quick pick had the keyboard, and the
 * flow was not stopped — judged at the moment it was typed. VS Code never sees a key the view
 * judged; a key command that still comes from VS Code (`ui/key`) is declined, whatever its delay.
 *
 * Keys that write wait for the end of their run (keys less than `runGapMs` apart): a run that
 * holds a key which is not a review command (a letter with no binding, space, punctuation) is
 * typing, so none of its keys run and the flow stops until Esc. A failed step stops it too.
 * Keys that only move the selection, the focus or to another item (`j` / `k`) run at once, unless
 * keys are waiting before them, so `j` paints its item in the frame it was pressed in; a run that
 * turns out to be typing goes back to the item it began on, so typing moves nothing either.
 * Pure: the clock, timers and what running means are passed in, so this is unit-tested.
 */
import type { KeyAction, KeyBinding } from '../src/core/review/keys';

/** Where the keyboard was when the key was pressed. */
export type Place = 'review' | 'field' | 'dialog';

/** What a key press is, besides its binding. */
export type PressKind = 'escape' | 'tab' | 'enter' | 'text' | 'other';

/** What became of a key press. */
export type Verdict =
  /** In a text field: the field's. */
  | 'typed'
  | 'ran'
  /** Waits for the end of its run. */
  | 'queued'
  /** Not run: the flow is stopped, a dialog has the keyboard, or the key was typing. */
  | 'ignored'
  /** Not the gate's: local keys (Esc, Tab, arrows) and unbound keys go on as usual. */
  | 'free';

export interface GateDeps {
  now(): number;
  /** Runs `run` after `ms`; returns a cancel. */
  schedule(run: () => void, ms: number): () => void;
  /** Runs a key the gate let through. */
  run(binding: KeyBinding): void;
  /** Enter that waited behind other keys: it saves the dialog they opened. */
  enter(): void;
  /** Letters typed after `e` while it waited: they go into the note once it has the keyboard. */
  typeInNote(text: string): void;
  /** An item was asked for and is not shown yet: keys that write wait for it. */
  busy(): boolean;
  /** Shows why the flow stopped, or clears it (undefined). */
  stopped(message: string | undefined): void;
  /** A key command from VS Code was declined (the view did not see its key pressed on the review). */
  declined(action: KeyAction): void;
  /** The item shown now (its position), and going back to one: a run of typing moves nothing. */
  position(): number;
  returnTo(position: number): void;
}

/** Keys at most this far apart are one run (typing speed). */
export const runGapMs = 350;
/** After a key that opens a quick input, keys on the review belong to it for this long (or until the view loses the keyboard). */
export const dialogPendingMs = 1500;

export const typingMessage = 'Typing outside a field: keys ignored — press Esc';

/** Keys that change no label and no item: they run at once when nothing waits before them. */
const immediateActions = new Set<KeyAction>([
  'focusLeft',
  'focusRight',
  'nextSentence',
  'previousSentence',
  'extendSentence',
  'shrinkSentence',
  'nextWord',
  'previousWord',
  'extendWord',
  'shrinkWord',
  'nextBlock',
  'previousBlock',
  'focusNote',
  'nextStep',
  'previousStep',
  'nextToolCall',
  'previousToolCall',
  'nextLabeledStep',
  'previousLabeledStep',
  'toggleToolResults',
  'toggleOutline',
  'next',
  'previous',
]);
/** Of those, the keys that go to another item: undone when their run turns out to be typing. */
const moveActions = new Set<KeyAction>(['next', 'previous']);
const immediateCommands = new Set(['transcriptReview.toggleDiff', 'transcriptReview.toggleRaw', 'transcriptReview.toggleBlindMode', 'transcriptReview.showKeyboardShortcuts']);
/** Host commands that open a quick input: keys right after them were meant for it. */
const dialogCommands = new Set(['transcriptReview.goToItem']);

export function isImmediate(b: KeyBinding): boolean {
  return b.action ? immediateActions.has(b.action) : immediateCommands.has(b.command);
}

export interface Press {
  binding: KeyBinding | undefined;
  kind: PressKind;
  /** The character typed, for a `text` press. */
  text?: string;
}

export class KeyGate {
  private _queue: (KeyBinding | 'enter')[] = [];
  private _cancelFlush: (() => void) | undefined;
  private _lastAt = -Infinity;
  private _runLength = 0;
  private _runIsProse = false;
  /** `e` waits in the queue: what is typed after it is the note's. */
  private _noteText: string | undefined;
  private _stop: string | undefined;
  private _dialogUntil = -Infinity;
  /** Where the run began, once one of its keys went to another item at once. */
  private _runFrom: number | undefined;

  constructor(private readonly _deps: GateDeps) {}

  get stopMessage(): string | undefined {
    return this._stop;
  }

  /** A key pressed in the view. */
  press(p: Press, place: Place): Verdict {
    if (place === 'field') return 'typed';
    const now = this._deps.now();
    if (p.kind === 'escape') {
      this._dropQueue();
      this._dialogUntil = -Infinity;
      this.resume();
      return 'free';
    }
    if (this._stop !== undefined) return 'ignored';
    if (place === 'dialog') {
      // The span dialog's own keys (digits pick a severity) and the help's toggle; nothing else.
      const b = p.binding;
      if (b && (b.action === 'trait' || b.command === 'transcriptReview.showKeyboardShortcuts')) {
        this._deps.run(b);
        return 'ran';
      }
      return b ? 'ignored' : 'free';
    }
    if (now < this._dialogUntil) return p.binding || p.kind === 'text' ? 'ignored' : 'free';
    const inRun = now - this._lastAt <= runGapMs;
    this._lastAt = now;
    if (!inRun) {
      this._runLength = 0;
      this._runIsProse = false;
      this._runFrom = undefined;
    }
    if (this._noteText !== undefined) {
      if (p.kind === 'text' && p.text) this._noteText += p.text;
      return 'ignored';
    }
    this._runLength++;
    const b = p.binding;
    // Tab amid keys that wait is part of the run: it is how a note typed on the review begins.
    const prose = !b && (p.kind === 'text' || (p.kind === 'tab' && this._queue.length > 0));
    if (prose) this._runIsProse = true;
    if (this._runIsProse && this._runLength >= 2) {
      const from = this._runFrom;
      this._runFrom = undefined;
      this.stop(typingMessage);
      // `j` ran at once as the run began: typing moves nothing, so back to where it began.
      if (from !== undefined && from !== this._deps.position()) this._deps.returnTo(from);
      return 'ignored';
    }
    if (!b) {
      // Enter after a key that waits (`1` then Enter) is for the dialog that key opens: it keeps its place.
      if (p.kind === 'enter' && this._queue.length) {
        this._queue.push('enter');
        this._scheduleFlush(runGapMs);
        return 'queued';
      }
      return 'free';
    }
    if (this._queue.length === 0 && isImmediate(b)) {
      if (b.action && moveActions.has(b.action)) this._runFrom ??= this._deps.position();
      this._run(b);
      return 'ran';
    }
    this._queue.push(b);
    if (b.action === 'focusNote') this._noteText = '';
    // Keys after `g` were meant for the box it opens, not for the review.
    if (dialogCommands.has(b.command)) this._dialogUntil = now + dialogPendingMs;
    this._scheduleFlush(runGapMs);
    return 'queued';
  }

  /** A key command from VS Code: the view judged its keys when they were typed, so it declines it. */
  fromHost(action: KeyAction): void {
    this._deps.declined(action);
  }

  /** The view lost the keyboard (a quick pick, another editor): keys that wait were not for the review. */
  blur(): void {
    this._dropQueue();
    this._dialogUntil = -Infinity;
  }

  /** Stops the flow with a reason shown in place; keys are ignored until Esc. */
  stop(message: string): void {
    this._dropQueue();
    this._stop = message;
    this._deps.stopped(message);
  }

  resume(): void {
    if (this._stop === undefined) return;
    this._stop = undefined;
    this._deps.stopped(undefined);
  }

  /** Something the queue may wait on changed (an item arrived): try again. */
  poke(): void {
    if (this._queue.length && !this._cancelFlush) this._scheduleFlush(0);
  }

  private _scheduleFlush(ms: number): void {
    this._cancelFlush?.();
    this._cancelFlush = this._deps.schedule(() => {
      this._cancelFlush = undefined;
      this._flush();
    }, ms);
  }

  private _flush(): void {
    while (this._queue.length) {
      if (this._stop !== undefined) return this._dropQueue();
      // A key after `j` acts on the item `j` goes to, once it is there.
      if (this._deps.busy()) return this._scheduleFlush(50);
      const b = this._queue.shift()!;
      if (b === 'enter') {
        this._deps.enter();
        continue;
      }
      this._run(b);
      if (b.action === 'focusNote') {
        const text = this._noteText ?? '';
        this._noteText = undefined;
        if (text) this._deps.typeInNote(text);
      }
    }
  }

  private _run(b: KeyBinding): void {
    if (dialogCommands.has(b.command)) this._dialogUntil = this._deps.now() + dialogPendingMs;
    this._deps.run(b);
  }

  private _dropQueue(): void {
    this._queue = [];
    this._noteText = undefined;
    this._cancelFlush?.();
    this._cancelFlush = undefined;
  }
}
