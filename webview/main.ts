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
import { keymap, OwedKeys } from './keymap';
import { runKeyCommand } from './keyCommands';
import type { KeyAction } from '../src/core/review/keys';
import { page } from './views/page';
import { openLinkEvent } from './views/markdown';
import { selectionTarget } from './selection';
import { applyTraitColours } from './theme';
import { alignRows } from './rowHeights';
import { applyRoving, arrowInPanel, isField, noteFocus, sideStop } from './focus';
import { clearPassage, movePassage } from './passage';

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
  // A re-render can take away the focused control: focus then goes back into the view, never to the body.
  if (focused && focused !== document.body && !focused.isConnected && document.activeElement === document.body && document.hasFocus()) restoreFocus();
  if (layout) requestAnimationFrame(() => alignRows(root, state.view.syncScroll));
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
  clearSelection: () => window.getSelection()?.removeAllRanges(),
  movePassage(position, unit, how) {
    const side = root.querySelector<HTMLElement>(`.side[data-position="${position}"]`);
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
};

const actions = createActions({
  get: () => state,
  set: (next) => void (state = next),
  send,
  render: rerender,
  page: dom,
});

const owed = new OwedKeys();
const runKey = (action: KeyAction, n: number | undefined) => runKeyCommand(action, n, { get: () => state, actions, page: dom });

function perform(effect: Effect): void {
  switch (effect.do) {
    case 'settle':
      return settle(effect.requestId);
    case 'extendLabelRequests':
      return extendLabelRequests();
    case 'traitColours':
      return applyTraitColours(effect.taxonomy);
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
      if (owed.take(effect.action, effect.n, Date.now())) return;
      return runKey(effect.action, effect.n);
    case 'replaceLabel':
      return actions.replaceLabel(effect.target, effect.draft);
  }
}

function handle(m: HostToWebview): void {
  const step = reducer(state, m);
  state = step.state;
  for (const effect of step.effects) perform(effect);
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

window.addEventListener('keydown', (e) => {
  const note = noteOf(e);
  const local = keymap(e, {
    inNote: !!note,
    inField: isField(document.activeElement),
    spanEditor: !!state.spanEditor,
    help: state.help,
    hostMayDrop: state.hostTyping || !!state.typingReport,
  });
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
    case 'run':
      // Just out of a field, before the host's typing context caught up: VS Code drops this key, so the view runs it.
      owed.ran(local.action, local.n, Date.now());
      runKey(local.action, local.n);
      return e.preventDefault();
    case 'moveInPanel':
      if (arrowInPanel(e)) e.preventDefault();
      return;
  }
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
window.addEventListener('blur', reportTyping);
window.addEventListener('focus', reportTyping);

onRequestTimeout((type, requestId) => actions.requestTimedOut(type, requestId, Math.round(replyTimeoutMs / 1000)));

window.addEventListener('resize', () => alignRows(root, state.view.syncScroll));
// Opening or closing reasoning, a long tool result or an argument block changes a row's height.
window.addEventListener('toggle', () => requestAnimationFrame(() => alignRows(root, state.view.syncScroll)), true);
window.addEventListener(openLinkEvent, (e) => {
  const url = (e as CustomEvent<string>).detail;
  if (typeof url === 'string') send({ type: 'link/open', url });
});
onMessage(handle);
rerender();
send({ type: 'webview/ready' });
