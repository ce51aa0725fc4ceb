import { html, nothing, type TemplateResult } from 'lit';
import type { ViewState } from '../state';
import type { Actions } from '../actions';
import type { ViewOptions } from '../../src/protocol';

function toggle(state: ViewState, a: Actions, key: keyof ViewOptions, icon: string, label: string): TemplateResult {
  const on = state.view[key];
  return html`<vscode-toolbar-button
    icon=${icon}
    ?checked=${on}
    toggleable
    aria-pressed=${on ? 'true' : 'false'}
    label=${label}
    title=${`${label}: ${on ? 'on' : 'off'}`}
    data-toggle=${key}
    @click=${() => a.setView({ [key]: !on })}
  ></vscode-toolbar-button>`;
}

/** Navigation, item position, progress, view toggles and the saved state. */
export function toolbarView(state: ViewState, a: Actions): TemplateResult {
  const saveText = {
    saving: 'Saving…',
    retrying: `Not saved — retrying: ${state.saveMessage}`,
    error: `Not saved: ${state.saveMessage}`,
    saved: state.readOnly ? 'Read-only (Restricted Mode)' : 'Saved',
  }[state.save];
  const saveIcon = { saving: 'loading', retrying: 'warning', error: 'error', saved: state.readOnly ? 'lock' : 'check' }[state.save];
  const total = state.count.toLocaleString('en-US');
  return html`<header class="toolbar" role="toolbar" aria-label="Review toolbar">
    <vscode-toolbar-button icon="arrow-up" label="Previous item (k)" title="Previous item (k)" @click=${() => a.go(-1)}></vscode-toolbar-button>
    <span class="counter" data-counter>${state.count ? `${(state.index + 1).toLocaleString('en-US')} / ${total}${state.indexing ? '+' : ''}` : '…'}</span>
    ${state.filtered
      ? html`<span class="filtered" data-filtered title=${`Filter: ${state.filterText} — j / k / n stay within it`}
          >filtered: ${state.filtered.length.toLocaleString('en-US')} of ${total}</span
        >`
      : nothing}
    <vscode-toolbar-button icon="arrow-down" label="Next item (j)" title="Next item (j)" @click=${() => a.go(1)}></vscode-toolbar-button>
    <vscode-toolbar-button icon="go-to-search" label="Go to item (g)" title="Go to item (g)" @click=${() => a.goTo()}></vscode-toolbar-button>
    <vscode-toolbar-button icon="debug-step-over" label="Next unlabeled item (n)" title="Next unlabeled item (n)" @click=${() => a.nextUnlabeled()}></vscode-toolbar-button>
    ${state.indexing
      ? html`<span class="indexing" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(state.fraction * 100)}>Indexing ${Math.round(state.fraction * 100)}%</span>`
      : nothing}
    <span class="progress" title=${state.queue ? 'Items of my campaign queue with my preference or a verdict on both sides' : 'Items with my preference or a verdict on both sides'} data-progress
      >Labeled ${state.labeled.toLocaleString('en-US')} / ${state.queue ? `${state.queue.toLocaleString('en-US')} of mine` : total}</span
    >
    ${state.guidelines
      ? html`<vscode-toolbar-button icon="book" label="Open the campaign guidelines" title="Open the campaign guidelines" @click=${() => a.openGuidelines()}></vscode-toolbar-button>`
      : nothing}
    <span class="spacer"></span>
    ${toggle(state, a, 'raw', 'markdown', 'Show Markdown source (r)')}
    ${toggle(state, a, 'diff', 'diff', 'Highlight differences')}
    ${toggle(state, a, 'syncScroll', 'link', 'Synchronized scrolling')}
    ${toggle(state, a, 'swapped', 'arrow-swap', 'Swap sides')}
    ${toggle(state, a, 'blind', 'eye-closed', 'Blind mode')}
    ${toggle(state, a, 'showOthers', 'organization', "Show other annotators' labels")}
    <vscode-toolbar-button icon="go-to-file" label="Reveal raw line" title=${`Reveal raw line ${state.line}`} @click=${() => a.revealRaw()}></vscode-toolbar-button>
    <vscode-toolbar-button icon="keyboard" label="Keyboard shortcuts (?)" title="Keyboard shortcuts (?)" @click=${() => a.toggleHelp()}></vscode-toolbar-button>
    <span class="annotator" title="Annotator"><span class="codicon codicon-account" aria-hidden="true"></span> ${state.annotator}</span>
    <span class="save-state ${state.save}" role="status" data-save=${state.save}
      ><span class="codicon codicon-${saveIcon} ${state.save === 'saving' ? 'codicon-modifier-spin' : ''}" aria-hidden="true"></span> ${saveText}</span
    >
  </header>`;
}
