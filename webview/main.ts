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
import { columnsView, drawnDiffNotes } from './views/columns';
import { preferenceView } from './views/preference';
import { helpOverlay, spanEditorOverlay } from './views/overlays';
import { selectionTarget } from './selection';
import { applyTraitColours } from './theme';
import { alignRows } from './rowHeights';
import { openLinkEvent, promptBody } from './views/markdown';

const state: ViewState = initialState();
const root = document.getElementById('root')!;
let lastFocus: HTMLElement | null = null;

/**
 * Renders the whole view (lit-html only touches what changed). `layout: false` skips re-measuring
 * the turn heights, for updates that change no transcript content (indexing progress, counts).
 */
function rerender(layout = true): void {
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
                  <summary><h1 class="item-id">${item.id}</h1>${meta.length ? html`<span class="meta">${meta.join(' · ')}</span>` : nothing}
                    ${item.metadata.traits?.length ? html`<span class="meta">traits: ${item.metadata.traits.join(', ')}</span>` : nothing}</summary>
                  ${item.metadata.persona
                    ? html`<p class="persona"><span class="codicon codicon-warning" aria-hidden="true"></span> Adversarial persona prompt: ${item.metadata.persona}</p>`
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
  if (layout) requestAnimationFrame(() => alignRows(root, state.view.syncScroll));
}

function show(index: number): void {
  state.index = index;
  state.spanEditor = null;
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
    if (!state.help) lastFocus?.focus();
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
  },
  closeSpanEditor() {
    state.spanEditor = null;
    rerender();
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
      if (m.action === 'help') actions.toggleHelp(true);
      else if (m.action === 'tagSelection' && m.trait) tagSelection(m.trait);
      return;
  }
  rerender();
}

function isTyping(e: KeyboardEvent): boolean {
  const t = e.composedPath()[0];
  return t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
}

window.addEventListener('keydown', (e) => {
  const mod = e.ctrlKey || e.metaKey;
  if (e.key === 'Escape') {
    if (state.spanEditor) actions.commitSpanEditor();
    else if (state.help) actions.toggleHelp(false);
    return;
  }
  if (isTyping(e)) return;
  if (state.spanEditor && e.key === 'Enter') {
    actions.commitSpanEditor();
    e.preventDefault();
    return;
  }
  if (mod && !e.altKey && (e.key === 'z' || e.key === 'Z' || e.key === 'y')) {
    const redo = e.key === 'y' || e.shiftKey;
    record({ type: redo ? 'label/redo' : 'label/undo' });
    e.preventDefault();
    return;
  }
  if (mod || e.altKey) return;
  if (state.spanEditor) {
    const severities = state.taxonomy?.severities ?? [];
    const i = Number(e.key) - 1;
    if (i >= 0 && i < severities.length) {
      actions.setSpanEditor({ severity: severities[i] });
      e.preventDefault();
    }
    return;
  }
  const cols = columns(state);
  const traits = state.taxonomy?.traits ?? [];
  switch (e.key) {
    case 'j':
      actions.go(1);
      break;
    case 'k':
      actions.go(-1);
      break;
    case 'g':
      actions.goTo();
      break;
    case 'n':
      actions.nextUnlabeled();
      break;
    case 'a':
      if (cols) actions.setPreference(cols[0].side.name);
      break;
    case 'd':
      if (cols) actions.setPreference(cols[1].side.name);
      break;
    case 's':
      actions.setPreference('tie');
      break;
    case 'x':
      actions.setPreference('both_bad');
      break;
    case 'f':
      actions.setView({ diff: !state.view.diff });
      break;
    case 'b':
      actions.setView({ blind: !state.view.blind });
      break;
    case 'r':
      actions.setView({ raw: !state.view.raw });
      break;
    case '?':
      actions.toggleHelp();
      break;
    default: {
      const n = Number(e.key);
      if (Number.isInteger(n) && n >= 1 && n <= traits.length) {
        tagSelection(traits[n - 1]!.id);
        break;
      }
      return;
    }
  }
  e.preventDefault();
});

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
