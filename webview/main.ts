import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { html, nothing, render } from 'lit';
import type { HostToWebview } from '../src/protocol';
import type { AddDraft, SpanLabel } from '../src/core/labels/labelEvent';
import { toDraft } from '../src/core/labels/labelDraft';
import { send, onMessage, settle, extendLabelRequests, onRequestTimeout, replyTimeoutMs, type Request } from './host';
import { initialState, verdictFor, columns, type ViewState } from './state';
import type { Actions } from './actions';
import { toolbarView } from './views/toolbar';
import { shown } from './views/text';
import { columnsView, drawnDiffNotes } from './views/columns';
import { preferenceView } from './views/preference';
import { helpOverlay, spanEditorOverlay } from './views/overlays';
import { selectionTarget } from './selection';
import { applyTraitColours } from './theme';
import { alignRows } from './rowHeights';
import { openLinkEvent, promptBody } from './views/markdown';
import { applyRoving, arrowInPanel, isField, noteFocus, sideStop } from './focus';
import { clearPassage, movePassage } from './passage';
import { keyBindings, type KeyAction } from '../src/core/review/keys';

const state: ViewState = initialState();
const root = document.getElementById('root')!;
let lastFocus: HTMLElement | null = null;
/** The note text last sent for an item, so one edit is saved once. */
let noteSent: { item: string; text: string } | undefined;

/**
 * Renders the whole view (lit-html only touches what changed). `layout: false` skips re-measuring
 * the turn heights, for updates that change no transcript content (indexing progress, counts).
 */
function rerender(layout = true): void {
  const focused = document.activeElement;
  const item = state.item;
  const meta = item ? [item.metadata.domain, item.metadata.benchmark, item.metadata.split].filter(Boolean) : [];
  const notes = [...state.notes, ...drawnDiffNotes(state)].filter(Boolean);
  render(
    html`${toolbarView(state, actions)}
      <main>
        ${state.problems.length
          ? html`<div class="item-errors" role="alert">
              <h2>${state.fileName} cannot be opened</h2>
              <ul>${state.problems.map((e) => html`<li>${e}</li>`)}</ul>
              <p>Fix the file and reopen it; the Problems panel lists the same messages.</p>
            </div>`
          : !state.indexing && state.count === 0
            ? html`<p class="loading">No items in ${state.fileName}.</p>`
            : state.errors.length
          ? html`<div class="item-errors" role="alert">
              <h2>Item ${state.index + 1} (line ${state.line}) cannot be shown</h2>
              <ul>${state.errors.map((e) => html`<li>${e}</li>`)}</ul>
              <p>Fix the line (Reveal Raw Line opens it) or move on with <kbd>j</kbd>.</p>
            </div>`
          : !item
            ? html`<p class="loading">Loading…</p>`
            : html`<div class="item" data-item=${item.id}>
                <details class="prompt" open>
                  <summary><h1 class="item-id">${shown(item.id)}</h1>${meta.length ? html`<span class="meta">${shown(meta.join(' · '))}</span>` : nothing}
                    ${item.metadata.traits?.length ? html`<span class="meta">traits: ${item.metadata.traits.join(', ')}</span>` : nothing}</summary>
                  ${item.metadata.persona
                    ? html`<p class="persona"><span class="codicon codicon-warning" aria-hidden="true"></span> Adversarial persona prompt: ${shown(item.metadata.persona)}</p>`
                    : nothing}
                  ${item.prompt.map(
                    (m) => html`<article class="message role-${m.role}"><header class="role">${m.role}</header>${promptBody(typeof m.content === 'string' ? m.content : (m.content ?? []).map((p) => p.text ?? '').join(''), !!state.view.raw)}</article>`,
                  )}
                </details>
                ${notes.map((n) => html`<p class="diff-note" role="note"><span class="codicon codicon-info" aria-hidden="true"></span> ${n}</p>`)}
                ${columnsView(state, actions)} ${preferenceView(state, actions)}
              </div>`}
      </main>
      ${helpOverlay(state, actions)} ${spanEditorOverlay(state, actions)}
      ${state.toast ? html`<div class="toast" role="status">${state.toast}</div>` : nothing}`,
    root,
  );
  applyRoving(root);
  // A re-render can take away the focused control: focus then goes back into the view, never to the body.
  if (focused && focused !== document.body && !focused.isConnected && document.activeElement === document.body && document.hasFocus()) restoreFocus();
  if (layout) requestAnimationFrame(() => alignRows(root, state.view.syncScroll));
}

/** The last control with focus that is not a text field: where Esc or Ctrl+Enter in the note returns. */
let returnTo: HTMLElement | null = null;

/** Back to where the keys were: the last control, else the focused side's tab stop, else the first toolbar button. */
function restoreFocus(): void {
  const target =
    (returnTo?.isConnected ? returnTo : null) ?? sideStop(root, state.focusSide ?? 'left') ?? root.querySelector<HTMLElement>('.toolbar vscode-toolbar-button');
  target?.focus();
}

/** Focuses a side: its grid's tab stop takes the keyboard, and the side is outlined. */
function focusSide(position: 'left' | 'right'): void {
  state.focusSide = position;
  rerender(false);
  const stop = sideStop(root, position);
  stop?.focus();
  stop?.scrollIntoView({ block: 'nearest' });
}

/** The side the keys act on: the focused one, or the left one (then focused, so it shows). */
function keySide(): string | undefined {
  const cols = columns(state);
  if (!cols) return undefined;
  if (!state.focusSide) focusSide('left');
  return (state.focusSide === 'right' ? cols[1] : cols[0]).side.name;
}

/** Runs a key command from the host (a keybinding or the palette). */
function runKey(action: KeyAction, n: number | undefined): void {
  // A stray command while a field has the keyboard (the typing context not yet set): typing wins.
  if (isField(document.activeElement)) return;
  const cols = columns(state);
  const traits = state.taxonomy?.traits ?? [];
  const trait = n ? traits[n - 1] : undefined;
  const sideEl = () => root.querySelector<HTMLElement>(`.side[data-position="${state.focusSide ?? 'left'}"]`);
  const passage = (unit: 'sentence' | 'word', how: 'next' | 'previous' | 'extend' | 'shrink') => {
    if (!state.focusSide) keySide();
    const el = sideEl();
    if (el && !movePassage(el, unit, how)) toast(how === 'extend' ? 'The selection ends with its message field.' : 'No more text this way.');
  };
  switch (action) {
    case 'next':
      return actions.go(1);
    case 'previous':
      return actions.go(-1);
    case 'preferLeft':
      return void (cols && actions.setPreference(cols[0].side.name));
    case 'preferRight':
      return void (cols && actions.setPreference(cols[1].side.name));
    case 'preferTie':
      return actions.setPreference('tie');
    case 'preferBothBad':
      return actions.setPreference('both_bad');
    case 'focusLeft':
      return focusSide('left');
    case 'focusRight':
      return focusSide('right');
    case 'restOk': {
      const side = keySide();
      const item = state.item;
      if (!side || !item) return;
      for (const t of traits) if (!verdictFor(state.labels, side, t.id)) add({ kind: 'verdict', item: item.id, side, trait: t.id, value: 'ok' });
      return;
    }
    case 'violation': {
      const side = keySide();
      if (side && trait) actions.setVerdict(side, trait.id, 'violation');
      return;
    }
    case 'trait':
      if (state.spanEditor) {
        const severity = state.taxonomy?.severities[(n ?? 0) - 1];
        if (severity) actions.setSpanEditor({ severity });
        return;
      }
      if (trait) tagSelection(trait.id);
      return;
    case 'traitPreference': {
      if (!cols || !trait) return;
      const now = state.labels.find((l) => l.kind === 'preference' && l.trait === trait.id);
      const value = now?.kind === 'preference' ? now.value : undefined;
      const cycle = [cols[0].side.name, 'tie', cols[1].side.name];
      const next = cycle[cycle.indexOf(value ?? '') + 1];
      if (next) actions.setPreference(next, trait.id);
      else if (now) remove(now.id);
      return;
    }
    case 'focusNote': {
      const note = root.querySelector<HTMLElement>('.note-field vscode-textarea');
      note?.focus();
      note?.scrollIntoView({ block: 'nearest' });
      return;
    }
    case 'nextSentence':
      return passage('sentence', 'next');
    case 'previousSentence':
      return passage('sentence', 'previous');
    case 'extendSentence':
      return passage('sentence', 'extend');
    case 'shrinkSentence':
      return passage('sentence', 'shrink');
    case 'nextWord':
      return passage('word', 'next');
    case 'previousWord':
      return passage('word', 'previous');
    case 'extendWord':
      return passage('word', 'extend');
    case 'shrinkWord':
      return passage('word', 'shrink');
  }
}

function show(index: number): void {
  state.index = index;
  state.spanEditor = null;
  clearPassage();
  state.showRequest = send({ type: 'item/show', index });
  rerender();
}

function toast(message: string): void {
  state.toast = message;
  rerender();
  setTimeout(() => {
    if (state.toast === message) {
      state.toast = '';
      rerender();
    }
  }, 2500);
}

/** Sends a label change; the UI shows "saving" until the host says it is on disk. */
function record(request: Request): void {
  state.pending.add(send(request));
  if (state.save !== 'retrying') state.save = 'saving';
  rerender();
}

function add(draft: AddDraft): void {
  record({ type: 'label/add', draft });
}

function remove(target: string): void {
  record({ type: 'label/remove', target });
}

/** A label request ended (saved, refused, or unanswered): back to "Saved" once none is left. */
function settleLabel(requestId: string): void {
  state.pending.delete(requestId);
  if (state.pending.size === 0 && state.save === 'saving') state.save = 'saved';
}

const actions: Actions = {
  go(delta) {
    // With a filter active, the filtered items are the queue: the next one after (or before) this one.
    const q = state.filtered;
    if (q) {
      const next = delta > 0 ? q.find((i) => i > state.index) : [...q].reverse().find((i) => i < state.index);
      if (next === undefined) return toast(q.length ? `No ${delta > 0 ? 'later' : 'earlier'} item in the filter (${state.filterText}).` : 'No items match the filter.');
      return show(next);
    }
    const next = state.index + delta;
    if (next < 0 || (!state.indexing && next >= state.count)) return;
    show(next);
  },
  goTo: () => void send({ type: 'item/goTo' }),
  nextUnlabeled: () => void send({ type: 'item/showNextUnlabeled' }),
  revealRaw: () => void send({ type: 'item/revealRaw' }),
  openGuidelines: () => void send({ type: 'campaign/openGuidelines' }),
  setView(options) {
    state.view = { ...state.view, ...options };
    send({ type: 'view/set', options });
    rerender();
  },
  toggleHelp(open) {
    state.help = open ?? !state.help;
    if (state.help) lastFocus = document.activeElement as HTMLElement | null;
    rerender();
    if (state.help) return;
    if (lastFocus?.isConnected && lastFocus !== document.body) lastFocus.focus();
    else restoreFocus();
  },
  setVerdict(side, trait, value) {
    const item = state.item;
    if (!item) return;
    const current = verdictFor(state.labels, side, trait);
    if (current?.value === value) remove(current.id);
    else add({ kind: 'verdict', item: item.id, side, trait, value });
  },
  setPreference(value, trait) {
    const item = state.item;
    if (!item) return;
    const current = state.labels.find((l) => l.kind === 'preference' && (l.trait ?? undefined) === trait);
    if (current && current.kind === 'preference' && current.value === value) remove(current.id);
    else add({ kind: 'preference', item: item.id, value, ...(trait ? { trait } : {}) });
  },
  toggleFlag(side, flag) {
    const item = state.item;
    if (!item) return;
    const current = state.labels.find((l) => l.kind === 'flag' && l.side === side && l.flag === flag);
    if (current) remove(current.id);
    else add({ kind: 'flag', item: item.id, side, flag });
  },
  setRubric(side, criterion, value) {
    const item = state.item;
    if (!item) return;
    const current = state.labels.find((l) => l.kind === 'rubric' && l.side === side && l.criterion === criterion);
    if (current && current.kind === 'rubric' && current.value === value) remove(current.id);
    else add({ kind: 'rubric', item: item.id, side, criterion, value });
  },
  saveNote(text) {
    const item = state.item;
    if (!item) return;
    const current = state.labels.find((l) => l.kind === 'note');
    if ((current?.kind === 'note' ? current.text : '') === text) return;
    // Esc saves, and the blur that follows fires `change` with the same text: one save.
    if (noteSent?.item === item.id && noteSent.text === text) return;
    noteSent = { item: item.id, text };
    if (!text.trim() && current) remove(current.id);
    else if (text.trim()) add({ kind: 'note', item: item.id, text });
  },
  removeLabel: (id) => remove(id),
  editSpan(span) {
    state.spanEditor = { span, severity: span.severity ?? state.defaultSeverity, note: span.note ?? '' };
    rerender();
    focusSpanNote();
  },
  setSpanEditor(patch) {
    if (!state.spanEditor) return;
    state.spanEditor = { ...state.spanEditor, ...patch };
    rerender();
  },
  commitSpanEditor() {
    const ed = state.spanEditor;
    state.spanEditor = null;
    if (ed && (ed.severity !== (ed.span.severity ?? '') || ed.note !== (ed.span.note ?? ''))) {
      // Same range and trait: the new add supersedes the old one in the log's fold.
      add({ ...toDraft(ed.span), severity: ed.severity, note: ed.note || undefined } as AddDraft);
    }
    rerender();
    restoreFocus();
  },
  closeSpanEditor() {
    state.spanEditor = null;
    rerender();
    restoreFocus();
  },
};

/** Focus goes to the dialog, not the note, so 1–3 pick a severity; Tab reaches the note. */
function focusSpanNote(): void {
  requestAnimationFrame(() => root.querySelector<HTMLElement>('.span-editor')?.focus());
}

/** Tags the selected text with trait N: saved at once with the default severity, then editable. */
function tagSelection(traitId: string): boolean {
  const target = selectionTarget();
  const item = state.item;
  if (!target || !item) {
    if (item) toast('Select text in a response first, then press the trait key.');
    return false;
  }
  const draft: SpanLabel = {
    v: 1,
    op: 'add',
    id: '',
    at: '',
    annotator: state.annotator,
    kind: 'span',
    item: item.id,
    side: target.side,
    message: target.message,
    field: target.field,
    start: target.start,
    end: target.end,
    quote: target.quote,
    trait: traitId,
    severity: state.defaultSeverity,
  };
  add(toDraft(draft));
  window.getSelection()?.removeAllRanges();
  state.spanEditor = { span: draft, severity: draft.severity ?? state.defaultSeverity, note: '' };
  rerender();
  focusSpanNote();
  return true;
}

function handle(m: HostToWebview): void {
  switch (m.type) {
    case 'document/didInit':
      settle(m.requestId);
      state.readOnly = m.readOnly;
      state.guidelines = m.guidelines === true;
      state.fileName = m.fileName;
      state.annotator = m.annotator;
      state.taxonomy = m.taxonomy;
      state.defaultSeverity = m.defaultSeverity;
      state.blindSeed = m.blindSeed;
      state.view = m.view;
      state.problems = m.problems;
      state.keys = m.keys;
      applyTraitColours(m.taxonomy);
      show(m.position);
      return;
    case 'document/didIndex':
      state.count = m.count;
      state.indexing = !m.done;
      state.fraction = m.fraction;
      // Ten times a second while indexing: the toolbar changes, the turns do not.
      return rerender(false);
    case 'item/didShow':
      settle(m.requestId);
      // An answer to an earlier j/k, overtaken by a later one: the later one is what is wanted.
      if (m.requestId && m.requestId !== state.showRequest) return;
      state.showRequest = undefined;
      state.index = m.index;
      state.item = m.item;
      state.count = Math.max(state.count, m.count);
      state.line = m.line;
      state.turns = m.turns;
      state.diffs = m.diffs;
      state.notes = m.notes;
      state.errors = m.errors;
      state.labels = m.labels;
      state.others = m.others;
      rerender();
      window.scrollTo(0, 0);
      return;
    case 'label/didSave':
      settle(m.requestId);
      if (state.item?.id === m.item) state.labels = m.labels;
      settleLabel(m.requestId);
      if (state.pending.size === 0 && state.save === 'error') state.save = 'saved';
      if (m.message) return toast(m.message);
      break;
    case 'request/didFail':
      settle(m.requestId);
      if (m.requestId && state.pending.has(m.requestId)) {
        // Refused: nothing was written. Say why, and leave the editor of a refused span.
        settleLabel(m.requestId);
        state.save = 'error';
        state.saveMessage = m.message;
        state.spanEditor = null;
      }
      return toast(m.message);
    case 'request/done':
      settle(m.requestId);
      if (typingRequest?.id === m.requestId) {
        hostTyping = typingRequest.value;
        typingRequest = undefined;
      }
      return;
    case 'labels/status':
      if (m.state !== 'saved') extendLabelRequests();
      if (m.state === 'retrying') {
        state.save = 'retrying';
        state.saveMessage = m.message ?? '';
      } else if (state.save === 'retrying') state.save = state.pending.size > 0 ? 'saving' : 'saved';
      break;
    case 'labels/readOnly':
      state.readOnly = m.message;
      break;
    case 'labels/didChange':
      if (state.item?.id === m.item) {
        state.labels = m.labels;
        state.others = m.others;
      }
      break;
    case 'view/didChange':
      state.view = m.view;
      break;
    case 'progress/didChange':
      state.labeled = m.labeled;
      state.queue = m.mine ? m.total : undefined;
      if (!m.mine) state.count = Math.max(state.count, m.total);
      return rerender(false);
    case 'ui/run':
      if (m.action === 'help') {
        if (m.keys) state.keys = m.keys;
        actions.toggleHelp();
      } else if (m.action === 'tagSelection' && m.trait) tagSelection(m.trait);
      // From Problems: the labels that contradict each other are in the verdict grids.
      else if (m.action === 'revealLabels') requestAnimationFrame(() => root.querySelector('.side-panel')?.scrollIntoView({ block: 'center' }));
      return;
    case 'ui/key':
      if (wasOwed(m.action, m.n)) return;
      return runKey(m.action, m.n);
    case 'queue/didChange':
      state.filtered = m.indices;
      state.filterText = m.description;
      state.count = Math.max(state.count, m.total);
      return rerender(false);
  }
  rerender();
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

// Only keys local to a widget are handled here; every other key is a VS Code keybinding that
// reaches the view as `ui/key` (see src/core/review/keys.ts).
window.addEventListener('keydown', (e) => {
  const note = noteOf(e);
  if (note && (e.key === 'Escape' || (e.key === 'Enter' && (e.ctrlKey || e.metaKey)))) {
    // Leave the note, saving it, and give the keys back to where they were.
    actions.saveNote(note.value);
    e.preventDefault();
    restoreFocus();
    return;
  }
  if (e.key === 'Escape') {
    if (state.spanEditor) actions.commitSpanEditor();
    else if (state.help) actions.toggleHelp(false);
    else clearPassage();
    return;
  }
  if (e.key === 'Tab') return wrapTab(e);
  if (isField(document.activeElement)) return;
  if (hostTyping || typingRequest) {
    // Just out of a field, before the host's typing context caught up: VS Code drops this key, so the view runs it.
    const b = defaultBinding(e);
    if (b?.action) {
      owed.push({ action: b.action, n: b.n, at: Date.now() });
      runKey(b.action, b.n);
      e.preventDefault();
      return;
    }
  }
  if (state.spanEditor && e.key === 'Enter') {
    actions.commitSpanEditor();
    e.preventDefault();
    return;
  }
  if (arrowInPanel(e)) e.preventDefault();
});

/** Tells the host whether a text field has the keyboard, so keybindings do not fire while typing. */
let typing = false;
/** What the host's context key says (its reply came), and the report it has not yet answered. */
let hostTyping = false;
let typingRequest: { id: string; value: boolean } | undefined;
function reportTyping(): void {
  const now = document.hasFocus() && isField(document.activeElement);
  if (now === typing) return;
  typing = now;
  typingRequest = { id: send({ type: 'ui/focus', typing: now }), value: now };
}

/** Keys the view ran itself in that gap: if VS Code ran the command too (its `ui/key` within 150 ms), that one is dropped. */
const owed: { action: KeyAction; n: number | undefined; at: number }[] = [];
function wasOwed(action: KeyAction, n: number | undefined): boolean {
  while (owed.length && Date.now() - owed[0]!.at > 150) owed.shift();
  const i = owed.findIndex((o) => o.action === action && o.n === n);
  if (i < 0) return false;
  owed.splice(i, 1);
  return true;
}

/** The shipped binding a key event matches ("shift+1", "]"), for the gap above. */
function defaultBinding(e: KeyboardEvent): (typeof keyBindings)[number] | undefined {
  const code = e.code;
  const base = /^Key[A-Z]$/.test(code) ? code.slice(3).toLowerCase() : /^Digit\d$/.test(code) ? code.slice(5) : ({ BracketLeft: '[', BracketRight: ']', Slash: '/' } as Record<string, string>)[code];
  if (!base) return undefined;
  const key = `${e.ctrlKey ? 'ctrl+' : ''}${e.shiftKey ? 'shift+' : ''}${e.altKey ? 'alt+' : ''}${e.metaKey ? 'cmd+' : ''}${base}`;
  return keyBindings.find((b) => b.key === key);
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
    state.focusSide = side;
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

onRequestTimeout((type, requestId) => {
  const seconds = Math.round(replyTimeoutMs / 1000);
  if (state.pending.has(requestId)) {
    settleLabel(requestId);
    state.save = 'error';
    state.saveMessage = `no answer from the extension host in ${seconds} s; this change may not be saved — check Output → Transcript Review`;
    return toast(`Not saved: ${state.saveMessage}`);
  }
  if (type === 'item/show') state.showRequest = undefined;
  toast(`No answer from the extension host in ${seconds} s (${type}); try again`);
});

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
