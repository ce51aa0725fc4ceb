/**
 * What the user does with steps: go to one (the current step moves, its stretch or sub-agent
 * opens, the page shows it), open or close a one-sided stretch, fold a sub-agent, show the outline.
 */
import { columns, type ViewState } from './state';
import { collapsedStretches, rowOf, subagentRuns, type StepRef } from './steps';
import { promptStep } from './stepTarget';
import { resultKey } from './toolResult';

export interface StepActions {
  goToStep(ref: StepRef): void;
  openStretch(row: number): void;
  closeStretch(row: number): void;
  toggleSubagent(key: string): void;
  /** A tool result opened or closed by the user (toolResult.ts `resultKey`): drawn with its body, or without. */
  chooseResult(key: string, open: boolean): void;
  /** Shows the outline and puts the keyboard in it; from inside it, hides it. */
  toggleOutline(): void;
}

/** The page, as far as steps touch it. */
export interface StepPage {
  /** Scrolls a step into view and gives it the keyboard (after the next layout). */
  revealStep(ref: StepRef): void;
  /** Whether the keyboard is in a column's outline. */
  inOutline(): boolean;
  /** Puts the keyboard on the outline's current entry (or its first). */
  focusOutline(position: 'left' | 'right'): void;
  /** Collapses every tool result of the item, or expands them all when none is open; whether they are open now (undefined: there are none). */
  toggleToolResults(): boolean | undefined;
}

export interface StepActionDeps {
  get(): ViewState;
  update(patch: Partial<ViewState>): void;
  render(layout?: boolean): void;
  page: StepPage;
}

export function createStepActions({ get, update, render, page }: StepActionDeps): StepActions {
  return {
    goToStep(ref) {
      const s = get();
      const patch: Partial<ViewState> = { step: ref };
      const col = ref.where === 'shared' ? undefined : columns(s)?.find((c) => c.position === ref.where);
      if (col) {
        // A step inside a collapsed stretch or a folded sub-agent is opened to be shown.
        const row = rowOf(s.turns, col.dataIndex, ref.message);
        const stretch = collapsedStretches(s).find((x) => row >= x.start && row < x.end);
        if (stretch) patch.openStretches = [...s.openStretches, stretch.start];
        const folded = subagentRuns(col.side.name, col.side.messages).filter((r) => s.foldedSubagents.includes(r.key) && ref.message >= r.first && ref.message < r.end);
        if (folded.length) patch.foldedSubagents = s.foldedSubagents.filter((k) => !folded.some((r) => r.key === k));
        patch.focusSide = col.position;
        // The step verdict keys act on the step the keys went to.
        const call = ref.call === undefined ? undefined : col.side.messages[ref.message]?.tool_calls?.[ref.call]?.id;
        patch.focusStep = { side: col.side.name, message: ref.message, ...(call !== undefined && { call }) };
      }
      // A step that is a tool result is opened (its body drawn) to be read and walked with `]`.
      const side = ref.where === 'shared' ? undefined : col?.side.name;
      const m = ref.where === 'shared' ? s.item?.prompt[ref.message] : col?.side.messages[ref.message];
      if (m?.role === 'tool' && ref.call === undefined && (ref.where === 'shared' || col)) patch.openResults = { ...s.openResults, [resultKey(side, ref.message)]: true };
      if (ref.where === 'shared') {
        // A shared step is labeled in the prompt: the step verdict keys act on it there.
        const call = ref.call === undefined ? undefined : s.item?.prompt[ref.message]?.tool_calls?.[ref.call]?.id;
        patch.focusStep = promptStep(ref.message, call);
      }
      update(patch);
      render();
      page.revealStep(ref);
    },
    openStretch(row) {
      update({ openStretches: [...get().openStretches, row] });
      render();
    },
    closeStretch(row) {
      update({ openStretches: get().openStretches.filter((r) => r !== row) });
      render();
    },
    toggleSubagent(key) {
      const folded = get().foldedSubagents;
      update({ foldedSubagents: folded.includes(key) ? folded.filter((k) => k !== key) : [...folded, key] });
      render();
    },
    chooseResult(key, open) {
      update({ openResults: { ...get().openResults, [key]: open } });
      render();
    },
    toggleOutline() {
      const s = get();
      if (s.outline && page.inOutline()) {
        update({ outline: false });
        render();
        if (s.step) page.revealStep(s.step);
        return;
      }
      if (!s.outline) {
        update({ outline: true });
        render();
      }
      page.focusOutline(s.focusSide ?? 'left');
    },
  };
}
