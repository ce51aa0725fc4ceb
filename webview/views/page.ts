import { html, nothing, type TemplateResult } from 'lit';
import type { ViewState } from '../state';
import type { Actions } from '../actions';
import { toolbarView } from './toolbar';
import { itemView } from './item';
import { helpOverlay, spanEditorOverlay } from './overlays';

/** The input cannot be loaded at all (a bad manifest). */
export function problemsView(state: ViewState): TemplateResult {
  return html`<div class="item-errors" role="alert">
    <h2>${state.fileName} cannot be opened</h2>
    <ul>${state.problems.map((e) => html`<li>${e}</li>`)}</ul>
    <p>Fix the file and reopen it; the Problems panel lists the same messages.</p>
  </div>`;
}

export function emptyView(state: ViewState): TemplateResult {
  return html`<p class="loading">No items in ${state.fileName}.</p>`;
}

/** This item's line cannot be shown; the others still can. */
export function itemErrorsView(state: ViewState): TemplateResult {
  return html`<div class="item-errors" role="alert">
    <h2>Item ${state.index + 1} (line ${state.line}) cannot be shown</h2>
    <ul>${state.errors.map((e) => html`<li>${e}</li>`)}</ul>
    <p>Fix the line (Reveal Raw Line opens it) or move on with <kbd>j</kbd>.</p>
  </div>`;
}

export function loadingView(): TemplateResult {
  return html`<p class="loading">Loading…</p>`;
}

/** What the main area shows, first match wins: the file's problems, no items, the item's errors, loading, the item. */
export function mainView(state: ViewState, a: Actions): TemplateResult {
  if (state.problems.length) return problemsView(state);
  if (!state.indexing && state.count === 0) return emptyView(state);
  if (state.errors.length) return itemErrorsView(state);
  if (!state.item) return loadingView();
  return itemView(state, state.item, a);
}

export function toastView(state: ViewState): TemplateResult | typeof nothing {
  return state.toast ? html`<div class="toast" role="status">${state.toast}</div>` : nothing;
}

/** The whole view: toolbar, main area, overlays and the toast. */
export function page(state: ViewState, a: Actions): TemplateResult {
  return html`${toolbarView(state, a)}
    <main>${mainView(state, a)}</main>
    ${helpOverlay(state, a)} ${spanEditorOverlay(state, a)} ${toastView(state)}`;
}
