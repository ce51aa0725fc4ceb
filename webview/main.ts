/**
 * The bootstrap: wires the host channel, rendering and the page's events to the pure parts —
 * `reducer` (host messages), `createActions` (what the user does), `keymap` and `runKeyCommand`
 * (keys) and `page` (the views). Only this file and the DOM helpers it passes in touch the document.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { render } from 'lit';
import type { HostToWebview } from '../src/protocol';
import { send, onMessage, settle, extendLabelRequests, onRequestTimeout, replyTimeoutMs } from './host';
import { initialState, type ViewState } from './state';
import { createActions, type Page } from './actions';
import { reducer, type Effect } from './reducer';
import { bindingFor, buildKeymap, localKey, typesText, type Keymap } from './keymap';
import { KeyGate, type Place } from './keyGate';
import { runKeyCommand } from './keyCommands';
import type { KeyAction } from '../src/core/review/keys';
import { page } from './views/page';
import { openLinkEvent } from './views/markdown';
import { selectionTarget } from './selection';
import { applyTraitColours } from './theme';
import { prepareAhead } from './prepareAhead';
import { bodiesOf, type AheadBody } from './views/markdown';
import type { ReviewItem } from '../src/core/schema';
import { aheadView } from './shownItems';
import { alignRows } from './rowHeights';
import { applyRoving, arrowInPanel, isField, noteFocus, sideStop } from './focus';
import { clearPassage, movePassage } from './passage';
import { selectedStep, stepAt } from './stepTarget';
import { applyOutlineRoving, arrowInOutline, focusOutline, inOutline, revealStep, toolResultsToggled } from './stepFocus';

let state: ViewState = initialState();
const root = document.getElementById('root')!;
/** The last control with focus that is not a text field: where Esc or Ctrl+Enter in the note returns. */
let returnTo: HTMLElement | null = null;
/** Where focus was when the help opened. */
let lastFocus: HTMLElement | null = null;

/**
 * Renders the whole view (lit-html only touches what changed). `layout: false` skips re-measuring
 * the turn heights, for updates that change no transcript content (indexing progress, counts).
 */
function rerender(layout = true): void {
  const focused = document.activeElement;
  render(page(state, actions), root);
  applyRoving(root);
  applyOutlineRoving(root);
  // A re-render can take away the focused control: focus then goes back into the view, never to the body.
  if (focused && focused !== document.body && !focused.isConnected && document.activeElement === document.body && document.hasFocus()) restoreFocus();
  if (layout) scheduleAlign();
}

/** Row heights are measured once per frame, however many renders or toggles asked for it (`c` toggles hundreds at once). */
let alignPending = false;
function scheduleAlign(): void {
  if (alignPending) return;
  alignPending = true;
  requestAnimationFrame(() => {
    alignPending = false;
    alignRows(root, state.view.syncScroll);
  });
}

/** Back to where the keys were: the last control, else the focused side's tab stop, else the first toolbar button. */
function restoreFocus(): void {
  const target =
    (returnTo?.isConnected ? returnTo : null) ?? sideStop(root, state.focusSide ?? 'left') ?? root.querySelector<HTMLElement>('.toolbar vscode-toolbar-button');
  target?.focus();
}

const dom: Page = {
  typing: () => isField(document.activeElement),
  selection: selectionTarget,
  selectedStep,
  clearSelection: () => window.getSelection()?.removeAllRanges(),
  movePassage(position, unit, how) {
    // On a shared step, the sentence keys walk the prompt's shared steps; else the side's messages.
    const side = state.focusStep?.in === 'prompt' ? root.querySelector<HTMLElement>('.prompt') : root.querySelector<HTMLElement>(`.side[data-position="${position}"]`);
    return side ? movePassage(side, unit, how) : undefined;
  },
  clearPassage,
  focusSide(position) {
    const stop = sideStop(root, position);
    stop?.focus();
    stop?.scrollIntoView({ block: 'nearest' });
  },
  focusNote() {
    const note = root.querySelector<HTMLElement>('.note-field vscode-textarea');
    note?.focus();
    note?.scrollIntoView({ block: 'nearest' });
  },
  focusSpanEditor: () => requestAnimationFrame(() => root.querySelector<HTMLElement>('.span-editor')?.focus()),
  rememberFocus: () => void (lastFocus = document.activeElement as HTMLElement | null),
  returnFocus() {
    if (lastFocus?.isConnected && lastFocus !== document.body) lastFocus.focus();
    else restoreFocus();
  },
  restoreFocus,
  later: (run, ms) => void setTimeout(run, ms),
  scrollToTop: () => window.scrollTo(0, 0),
  // After the rows are aligned (scheduleAlign asked first, so it runs first in the frame).
  revealStep: (ref) => void requestAnimationFrame(() => revealStep(root, ref)),
  inOutline,
  focusOutline: (position) => focusOutline(root, position),
  toggleToolResults: () => {
    const open = toolResultsToggled(root);
    if (open === undefined) return undefined;
    state = { ...state, openResults: {}, resultsAll: open };
    rerender();
    return open;
  },
};

const actions = createActions({
  get: () => state,
  set: (next) => void (state = next),
  send,
  render: rerender,
  page: dom,
});

const runKey = (action: KeyAction, n: number | undefined) => runKeyCommand(action, n, { get: () => state, actions, page: dom, stop: (m) => gate.stop(m) });

/** The note textarea, and text put at its end as if typed there. */
function typeInNote(text: string): void {
  const note = root.querySelector<HTMLElement & { value: string }>('.note-field vscode-textarea');
  if (!note) return;
  note.value += text;
  note.dispatchEvent(new Event('input', { bubbles: true }));
}

const gate = new KeyGate({
  now: () => performance.now(),
  schedule(run, ms) {
    const t = setTimeout(run, ms);
    return () => clearTimeout(t);
  },
  run: (b) => (b.action ? runKey(b.action, b.n) : void send({ type: 'ui/command', command: b.command })),
  typeInNote,
  enter: () => void (state.spanEditor && actions.commitSpanEditor()),
  // An item on its way, or labels not yet on disk: the next key acts on what they leave.
  busy: () => state.showRequest !== undefined || state.pending.size > 0,
  stopped(message) {
    state = { ...state, keyStop: message ?? '' };
    rerender(false);
  },
  declined: () => actions.toast('Not run: review keys act only when pressed in the review (click it first).'),
  position: () => state.index,
  returnTo: (index) => actions.show(index),
});

/** The bindings as resolved, rebuilt when the host sends new ones. */
let keymap: { from: ViewState['keys']; map: Keymap } | undefined;
function currentKeymap(): Keymap {
  if (keymap?.from !== state.keys) keymap = { from: state.keys, map: buildKeymap(state.keys, navigator.platform.startsWith('Mac')) };
  return keymap.map;
}

function perform(effect: Effect): void {
  switch (effect.do) {
    case 'settle':
      return settle(effect.requestId);
    case 'extendLabelRequests':
      return extendLabelRequests();
    case 'traitColours':
      return applyTraitColours(effect.taxonomy);
    case 'show':
      return actions.show(effect.index);
    case 'render':
      return rerender(effect.layout);
    case 'scrollToTop':
      return window.scrollTo(0, 0);
    case 'toast':
      return actions.toast(effect.message);
    case 'toggleHelp':
      return actions.toggleHelp();
    case 'tagSelection':
      return actions.tagSelection(effect.trait);
    case 'revealLabels':
      return void requestAnimationFrame(() => root.querySelector('.side-panel')?.scrollIntoView({ block: 'center' }));
    case 'key':
      return gate.fromHost(effect.action);
    case 'prepare':
      return prepareAhead(effect.item, () => aheadBodies(effect.item));
  }
}

/** The message bodies the view will draw when `j` shows `item` (sent ahead): as `show` will draw it. */
function aheadBodies(item: ReviewItem): AheadBody[] {
  const ahead = state.ahead.find((a) => a.item === item);
  return ahead ? bodiesOf(() => page(aheadView(state, ahead), actions)) : [];
}

function handle(m: HostToWebview): void {
  const step = reducer(state, m);
  state = step.state;
  for (const effect of step.effects) perform(effect);
  gate.poke();
}

/** The note textarea, when the key event comes from it. */
function noteOf(e: KeyboardEvent): (HTMLElement & { value: string }) | undefined {
  const el = e.composedPath().find((t): t is HTMLElement => t instanceof HTMLElement && t.tagName === 'VSCODE-TEXTAREA' && !!t.closest('.note-field'));
  return el as (HTMLElement & { value: string }) | undefined;
}

/** Tab stays in the view: past the last control it wraps to the first (and back with Shift). */
function wrapTab(e: KeyboardEvent): void {
  const stops = [...root.querySelectorAll<HTMLElement>('button, summary, vscode-toolbar-button, vscode-button, vscode-textarea, vscode-textfield, [tabindex]')].filter(
    (el) => el.tabIndex >= 0 && !el.closest('[inert]') && el.getClientRects().length > 0 && !(el.parentElement?.closest('vscode-toolbar-button, vscode-button, vscode-textarea, vscode-textfield')),
  );
  if (!stops.length) return;
  const active = document.activeElement;
  const first = stops[0]!;
  const last = stops[stops.length - 1]!;
  if (!e.shiftKey && (active === last || active === document.body)) {
    first.focus();
    e.preventDefault();
  } else if (e.shiftKey && (active === first || active === document.body)) {
    last.focus();
    e.preventDefault();
  }
}

/** Keys the view judged: VS Code must not see them (it would run them too, or late). */
const judged = new WeakSet<Event>();

// Capture: judged before any control acts on the key, with focus where it was when it was typed.
window.addEventListener(
  'keydown',
  (e) => {
    const note = noteOf(e);
    const inField = !!note || isField(document.activeElement);
    const binding = bindingFor(e, currentKeymap());
    const place: Place = inField ? 'field' : state.spanEditor || state.help ? 'dialog' : 'review';
    const kind = e.key === 'Escape' ? 'escape' : e.key === 'Tab' ? 'tab' : e.key === 'Enter' ? 'enter' : typesText(e) ? 'text' : 'other';
    const verdict = gate.press({ binding, kind, ...(e.key.length === 1 ? { text: e.key } : {}) }, place);
    if (binding || verdict === 'ignored') judged.add(e);
    if (verdict === 'ran' || verdict === 'queued' || verdict === 'ignored') return e.preventDefault();
    const local = localKey(e, { inNote: !!note, inField, spanEditor: !!state.spanEditor, help: state.help });
    switch (local?.do) {
      case 'leaveNote':
        actions.saveNote(note?.value ?? '');
        e.preventDefault();
        return restoreFocus();
      case 'commitSpanEditor':
        if (e.key === 'Enter') e.preventDefault();
        return actions.commitSpanEditor();
      case 'closeHelp':
        return actions.toggleHelp(false);
      case 'clearPassage':
        return clearPassage();
      case 'wrapTab':
        return wrapTab(e);
      case 'moveInPanel':
        if (arrowInPanel(e) || arrowInOutline(e)) e.preventDefault();
        return;
    }
  },
  true,
);
// Last in the page, before the workbench's listener on the window: a judged key stops here.
document.addEventListener('keydown', (e) => {
  if (judged.has(e)) e.stopPropagation();
});

/** Whether a text field has the keyboard, as last reported to the host (so keybindings do not fire while typing). */
let typing = false;
function reportTyping(): void {
  const now = document.hasFocus() && isField(document.activeElement);
  if (now === typing) return;
  typing = now;
  state = { ...state, typingReport: { id: send({ type: 'ui/focus', typing: now }), value: now } };
}

window.addEventListener('focusin', (e) => {
  const el = e.target instanceof HTMLElement ? e.target : null;
  if (el && !isField(el)) {
    returnTo = el;
    noteFocus(el);
  }
  // Tab or a click into a side makes it the side the keys act on.
  const side = el?.closest<HTMLElement>('.side[data-position]')?.dataset.position;
  if ((side === 'left' || side === 'right') && side !== state.focusSide) {
    state = { ...state, focusSide: side };
    rerender(false);
  }
  reportTyping();
});
window.addEventListener('focusout', (e) =>
  setTimeout(() => {
    reportTyping();
    // Only when the control went away (a re-render, a closed dialog): a click on plain text keeps its selection.
    const gone = e.target instanceof Node && !e.target.isConnected;
    if (gone && document.activeElement === document.body && document.hasFocus()) restoreFocus();
  }, 0),
);
window.addEventListener('blur', () => {
  gate.blur();
  reportTyping();
});
window.addEventListener('focus', reportTyping);

// The focused step follows the last click in a side's messages and the text selection.
root.addEventListener('click', (e) => {
  const step = stepAt(e.target as Node);
  if (step) actions.focusStep(step);
});
document.addEventListener('selectionchange', () => {
  const step = selectedStep();
  if (step) actions.focusStep(step);
});

onRequestTimeout((type, requestId) => actions.requestTimedOut(type, requestId, Math.round(replyTimeoutMs / 1000)));

window.addEventListener('resize', scheduleAlign);
// Opening or closing reasoning, a long tool result or an argument block changes a row's height.
window.addEventListener('toggle', scheduleAlign, true);
window.addEventListener(openLinkEvent, (e) => {
  const url = (e as CustomEvent<string>).detail;
  if (typeof url === 'string') send({ type: 'link/open', url });
});
onMessage(handle);
rerender();
send({ type: 'webview/ready' });
