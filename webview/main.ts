import '@vscode-elements/elements/dist/vscode-button/index.js';
import { render } from 'lit';
import { send, onMessage, nextRequestId } from './host';
import { initialState, verdictFor, type ViewState } from './state';
import { itemView } from './views/item';
import { toolbarView } from './views/toolbar';
import { html } from 'lit';
import type { HostToWebview } from '../src/protocol';

const state: ViewState = initialState();
const root = document.getElementById('root')!;

function rerender(): void {
  render(html`${toolbarView(state, go)}<main>${itemView(state, toggleViolation)}</main>`, root);
}

function show(index: number): void {
  state.index = index;
  send({ type: 'item/show', index });
  rerender();
}

function go(delta: number): void {
  const next = state.index + delta;
  if (next < 0 || (!state.indexing && next >= state.count)) return;
  show(next);
}

function updateSaveState(): void {
  if (state.pending.size > 0) state.save = 'saving';
  else if (state.save === 'saving') state.save = 'saved';
}

/** Records (or retracts) a `violation` verdict; the button turns on only once the host says saved. */
function toggleViolation(side: string, trait: string): void {
  const item = state.item;
  if (!item) return;
  const requestId = nextRequestId();
  state.pending.set(requestId, { side, trait });
  const existing = verdictFor(state.labels, side, trait);
  if (existing?.value === 'violation') send({ type: 'label/remove', requestId, target: existing.id });
  else send({ type: 'label/add', requestId, draft: { kind: 'verdict', item: item.id, side, trait, value: 'violation' } });
  updateSaveState();
  rerender();
}

function handle(m: HostToWebview): void {
  switch (m.type) {
    case 'document/didInit':
      state.fileName = m.fileName;
      state.annotator = m.annotator;
      state.taxonomy = m.taxonomy;
      show(m.position);
      return;
    case 'document/didIndex':
      state.count = m.count;
      state.indexing = !m.done;
      state.fraction = m.fraction;
      break;
    case 'item/didShow':
      if (m.index !== state.index) return; // a stale answer after fast j/k
      state.item = m.item;
      state.count = Math.max(state.count, m.count);
      state.line = m.line;
      state.errors = m.errors;
      state.labels = m.labels;
      break;
    case 'label/didSave': {
      const pending = state.pending.get(m.requestId);
      state.pending.delete(m.requestId);
      if (m.event) {
        const e = m.event;
        state.labels = state.labels.filter((l) => !(e.kind === 'verdict' && l.kind === 'verdict' && l.side === e.side && l.trait === e.trait));
        if (state.item?.id === e.item) state.labels.push(e);
      } else if (pending?.side && pending.trait) {
        state.labels = state.labels.filter((l) => !(l.kind === 'verdict' && l.side === pending.side && l.trait === pending.trait));
      }
      state.save = 'saved';
      updateSaveState();
      break;
    }
    case 'label/didFail':
      state.pending.delete(m.requestId);
      state.save = 'failed';
      state.saveMessage = m.message;
      break;
    case 'labels/didChange':
      if (state.item?.id === m.item) state.labels = m.labels;
      break;
  }
  rerender();
}

function isTyping(e: KeyboardEvent): boolean {
  const t = e.composedPath()[0];
  return t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || t.tagName.startsWith('VSCODE-TEXT'));
}

window.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e)) return;
  if (e.key === 'j') go(1);
  else if (e.key === 'k') go(-1);
  else return;
  e.preventDefault();
});

onMessage(handle);
rerender();
send({ type: 'webview/ready' });
