import { html, nothing, type TemplateResult } from 'lit';
import type { ViewState } from '../state';

export function toolbarView(state: ViewState, go: (delta: number) => void): TemplateResult {
  const saveText = state.save === 'saving' ? 'Saving…' : state.save === 'failed' ? `Not saved: ${state.saveMessage}` : 'Saved';
  const saveIcon = state.save === 'saving' ? 'loading' : state.save === 'failed' ? 'warning' : 'check';
  return html`<header class="toolbar">
    <vscode-button secondary icon="arrow-left" aria-label="Previous item (k)" title="Previous item (k)" ?disabled=${state.index === 0} @click=${() => go(-1)}></vscode-button>
    <span class="counter" aria-label="Item position">${state.count ? `${state.index + 1} / ${state.count.toLocaleString('en-US')}${state.indexing ? '+' : ''}` : '…'}</span>
    <vscode-button secondary icon="arrow-right" aria-label="Next item (j)" title="Next item (j)" ?disabled=${!state.indexing && state.index >= state.count - 1} @click=${() => go(1)}></vscode-button>
    <span class="file">${state.fileName}</span>
    ${state.indexing ? html`<span class="indexing">Indexing ${Math.round(state.fraction * 100)}%</span>` : nothing}
    <span class="spacer"></span>
    <span class="annotator" title="Annotator"><span class="codicon codicon-account"></span> ${state.annotator}</span>
    <span class="save-state ${state.save}" role="status" data-save=${state.save}><span class="codicon codicon-${saveIcon} ${state.save === 'saving' ? 'codicon-modifier-spin' : ''}"></span> ${saveText}</span>
  </header>`;
}
