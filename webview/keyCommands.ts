/**
 * What each review-editor key command does in the view (a `ui/key` from a keybinding or the
 * palette, or a key the view runs itself), in terms of the actions the views use.
 */
import type { KeyAction } from '../src/core/review/keys';
import { columns, verdictFor, type ViewState } from './state';
import type { Page, PassageMove, PassageUnit, ViewActions } from './actions';

export interface KeyCommandDeps {
  get(): ViewState;
  actions: ViewActions;
  page: Page;
}

export function runKeyCommand(action: KeyAction, n: number | undefined, { get, actions, page }: KeyCommandDeps): void {
  // A stray command while a field has the keyboard (the typing context not yet set): typing wins.
  if (page.typing()) return;
  const state = get();
  const cols = columns(state);
  const traits = state.taxonomy?.traits ?? [];
  const trait = n ? traits[n - 1] : undefined;
  /** The side the keys act on: the focused one, or the left one (then focused, so it shows). */
  const keySide = (): string | undefined => {
    if (!cols) return undefined;
    if (!get().focusSide) actions.focusSide('left');
    return (get().focusSide === 'right' ? cols[1] : cols[0]).side.name;
  };
  const passage = (unit: PassageUnit, how: PassageMove) => {
    if (!get().focusSide) keySide();
    if (page.movePassage(get().focusSide ?? 'left', unit, how) === false) actions.toast(how === 'extend' ? 'The selection ends with its message field.' : 'No more text this way.');
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
      return actions.focusSide('left');
    case 'focusRight':
      return actions.focusSide('right');
    case 'restOk': {
      const side = keySide();
      if (!side || !state.item) return;
      // Only traits without a verdict: setting one there always adds.
      for (const t of traits) if (!verdictFor(get().labels, side, t.id)) actions.setVerdict(side, t.id, 'ok');
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
      if (trait) actions.tagSelection(trait.id);
      return;
    case 'traitPreference': {
      if (!cols || !trait) return;
      const now = state.labels.find((l) => l.kind === 'preference' && l.trait === trait.id);
      const value = now?.kind === 'preference' ? now.value : undefined;
      const cycle = [cols[0].side.name, 'tie', cols[1].side.name];
      const next = cycle[cycle.indexOf(value ?? '') + 1];
      if (next) actions.setPreference(next, trait.id);
      else if (now) actions.removeLabel(now.id);
      return;
    }
    case 'focusNote':
      return page.focusNote();
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
