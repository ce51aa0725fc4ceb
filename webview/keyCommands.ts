/**
 * What each review-editor key does in the view, once keyGate.ts let it through, in terms of the
 * actions the views use. A step that cannot be done stops the keys and says why (`stop`).
 */
import type { KeyAction } from '../src/core/review/keys';
import { columns, verdictFor, type ViewState } from './state';
import type { Page, PassageMove, PassageUnit, ViewActions } from './actions';
import { moveStep, type StepMove } from './steps';

export interface KeyCommandDeps {
  get(): ViewState;
  actions: ViewActions;
  page: Page;
  /** Stops the keys with a reason, shown where the selection would be, until Esc. */
  stop(message: string): void;
}

export function runKeyCommand(action: KeyAction, n: number | undefined, { get, actions, page, stop }: KeyCommandDeps): void {
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
  const single = !!state.item?.single;
  const step = (move: StepMove, dir: 1 | -1) => {
    // One run shown alone has only its left column.
    const where = single ? 'left' : (get().focusSide ?? 'left');
    const to = moveStep(get(), where, move, dir);
    if (to) return actions.goToStep(to);
    const what = move === 'labeled' ? 'step with a label' : move === 'toolCall' ? 'tool call' : 'step';
    actions.toast(`No ${dir === 1 ? 'later' : 'earlier'} ${what} on this side.`);
  };
  const passage = (unit: PassageUnit, how: PassageMove) => {
    // On a shared step the passage walks the prompt: no side is taken for it.
    if (!get().focusSide && get().focusStep?.in !== 'prompt') keySide();
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
      // One run shown alone: its only column is the left one.
      if (single) return actions.toast('One run is shown alone: it has no right side.');
      return actions.focusSide('right');
    case 'nextStep':
      return step('step', 1);
    case 'previousStep':
      return step('step', -1);
    case 'nextToolCall':
      return step('toolCall', 1);
    case 'previousToolCall':
      return step('toolCall', -1);
    case 'nextLabeledStep':
      return step('labeled', 1);
    case 'previousLabeledStep':
      return step('labeled', -1);
    case 'toggleToolResults': {
      const open = page.toggleToolResults();
      if (open !== undefined) actions.toast(open ? 'Tool results expanded.' : 'Tool results collapsed.');
      else actions.toast('This item has no tool results.');
      return;
    }
    case 'toggleOutline':
      return actions.toggleOutline();
    case 'restOk': {
      const side = keySide();
      if (!side || !state.item) return;
      // Only traits without a verdict, and none with a span on this side: a span is that trait's violation.
      const labels = get().labels;
      const spanned = traits.filter((t) => labels.some((l) => l.kind === 'span' && l.side === side && l.trait === t.id));
      const open = traits.filter((t) => !verdictFor(labels, side, t.id) && !spanned.includes(t));
      if (open.length) actions.setVerdicts(side, open.map((t) => t.id), 'ok');
      if (spanned.length) actions.toast(`Left alone (tagged with a span here): ${spanned.map((t) => t.label).join(', ')}`);
      return;
    }
    case 'violation': {
      const side = keySide();
      if (side && trait) actions.setVerdict(side, trait.id, 'violation');
      return;
    }
    case 'stepViolation': {
      const step = page.selectedStep() ?? state.focusStep;
      if (!step) return stop('No step focused: click a message or tool call (or select text in it), then the step key. Keys ignored — press Esc');
      if (trait) actions.setStepVerdict(step, trait.id, 'violation');
      return;
    }
    case 'stepFlag': {
      const flag = n ? state.taxonomy?.flags[n - 1] : undefined;
      if (!flag) return actions.toast(`The taxonomy has no flag ${n ?? ''}.`);
      const step = page.selectedStep() ?? state.focusStep;
      if (!step) return stop('No step focused: click a message or tool call (or select text in it), then the step key. Keys ignored — press Esc');
      actions.toggleStepFlag(step, flag.id);
      return;
    }
    case 'trait':
      if (state.spanEditor) {
        const severity = state.taxonomy?.severities[(n ?? 0) - 1];
        if (severity) actions.setSpanEditor({ severity });
        return;
      }
      if (!trait) return;
      if (!page.selection()) return stop('Nothing selected to tag: select text with ] or the mouse, then the trait key. Keys ignored — press Esc');
      actions.tagSelection(trait.id);
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
    case 'nextBlock':
      return passage('block', 'next');
    case 'previousBlock':
      return passage('block', 'previous');
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
