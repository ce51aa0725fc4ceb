/**
 * What the user can do in the view: the object the views call (keyCommands.ts runs keys through it).
 * Built from what it needs (the state, `send`, rendering, the page's focus and selection), so it
 * is unit-tested with fakes; main.ts passes the real ones. Views never post messages themselves.
 */
import type { SpanLabel, AddDraft } from '../src/core/labels/labelEvent';
import { toDraft } from '../src/core/labels/labelDraft';
import type { ViewOptions } from '../src/protocol';
import type { Request } from './host';
import type { SelectionTarget } from './selection';
import { rawArgumentsRange } from './argumentsLayouts';
import { settleLabel, verdictFor, type SpanDraft, type ViewState } from './state';
import { sameSideStep, type SideStep } from './stepTarget';
import { createStepActions, type StepActions, type StepPage } from './stepActions';
import { leaving, neighbours, showing, withAhead } from './shownItems';

/** What the views can ask for. */
export interface Actions extends StepActions {
  go(delta: number): void;
  goTo(): void;
  nextUnlabeled(): void;
  revealRaw(): void;
  openGuidelines(): void;
  setView(options: Partial<ViewOptions>): void;
  toggleHelp(open?: boolean): void;
  setVerdict(side: string, trait: string, value: 'ok' | 'violation' | 'unsure'): void;
  /** One action over several traits (`o`): their verdicts are undone as one. */
  setVerdicts(side: string, traits: readonly string[], value: 'ok' | 'violation' | 'unsure'): void;
  setPreference(value: string, trait?: string): void;
  toggleFlag(side: string, flag: string): void;
  setRubric(side: string, criterion: string, value: 'met' | 'unmet'): void;
  /** A per-trait verdict on one step (a message or a tool call); the same verdict again retracts it. */
  setStepVerdict(step: SideStep, trait: string, value: 'ok' | 'violation' | 'unsure'): void;
  /** A flag on one step; again retracts it. */
  toggleStepFlag(step: SideStep, flag: string): void;
  /** The step the step keys act on (clicked, or holding the selection). */
  focusStep(step: SideStep | null): void;
  saveNote(text: string): void;
  removeLabel(id: string): void;
  editSpan(span: SpanLabel): void;
  commitSpanEditor(): void;
  closeSpanEditor(): void;
  setSpanEditor(patch: { severity?: string; note?: string }): void;
}

/** What the bootstrap and the key commands ask for besides: host messages' effects, timeouts. */
export interface ViewActions extends Actions {
  show(index: number): void;
  toast(message: string): void;
  /** Tags the selected text with a trait: the span dialog opens, and the span is saved from it (Enter or Esc) as one label. */
  tagSelection(traitId: string): void;
  /** Edits a saved label of mine: `draft` replaces label `target` in its slot. */
  replaceLabel(target: string, draft: AddDraft): void;
  focusSide(position: 'left' | 'right'): void;
  /** A request got no reply in time: the view gives up on it and says so. */
  requestTimedOut(type: string, requestId: string, seconds: number): void;
}

/** As in passage.ts (not imported: it is DOM code). */
export type PassageUnit = 'sentence' | 'word' | 'block';
export type PassageMove = 'next' | 'previous' | 'extend' | 'shrink';

/** The page, as far as actions touch it: focus, the text selection, a timer. */
export interface Page extends StepPage {
  /** A text field has the keyboard. */
  typing(): boolean;
  selection(): SelectionTarget | null;
  /** The step (message or tool call) holding the text selection, if any. */
  selectedStep(): SideStep | undefined;
  clearSelection(): void;
  /** Moves the keyboard selection in a side's answer: false when there is no more text that way, undefined when the side is not shown. */
  movePassage(position: 'left' | 'right', unit: PassageUnit, how: PassageMove): boolean | undefined;
  clearPassage(): void;
  /** Focuses a side's tab stop and scrolls it into view. */
  focusSide(position: 'left' | 'right'): void;
  focusNote(): void;
  /** Focus goes to the span dialog (not its note), so 1–3 pick a severity. */
  focusSpanEditor(): void;
  /** Remembers the focused element, to return to when the help closes. */
  rememberFocus(): void;
  /** Back to the remembered element, or else where `restoreFocus` goes. */
  returnFocus(): void;
  /** Back to where the keys were: the last control, else the focused side, else the toolbar. */
  restoreFocus(): void;
  later(run: () => void, ms: number): void;
  /** A new item is shown: the page goes back to its top. */
  scrollToTop(): void;
}

export interface ActionDeps {
  get(): ViewState;
  set(state: ViewState): void;
  /** Posts a request to the host; returns its id. */
  send(request: Request): string;
  /** `layout: false` keeps the measured turn heights. */
  render(layout?: boolean): void;
  page: Page;
}

/** How long a toast stays. */
export const toastMs = 2500;

export function createActions({ get, set, send, render, page }: ActionDeps): ViewActions {
  const update = (patch: Partial<ViewState>) => set({ ...get(), ...patch });
  /** The note text last sent for an item, so one edit is saved once. */
  let noteSent: { item: string; text: string } | undefined;

  /**
   * Shows item `index`: at once when the host sent it ahead (the host is told after, and answers
   * with what changed since), else when the host's answer comes. Keys that label wait for the
   * answer either way (`showRequest`), so the host knows the item before any label on it.
   */
  function show(index: number): void {
    const ahead = get().ahead.find((a) => a.index === index);
    const left = leaving(get());
    update({ index, spanEditor: null });
    page.clearPassage();
    if (ahead) set(withAhead(showing(get(), ahead), left));
    update({ showRequest: send({ type: 'item/show', index, ...(ahead ? { shownFrom: ahead.key } : {}), neighbours: neighbours(get(), index) }) });
    // Before drawing: the page is laid out then, so scrolling costs no layout of the new item.
    if (ahead) page.scrollToTop();
    render();
  }

  function toast(message: string): void {
    update({ toast: message });
    render();
    page.later(() => {
      if (get().toast !== message) return;
      update({ toast: '' });
      render();
    }, toastMs);
  }

  /** Labels of one action share a group: the host undoes them as one. */
  let groups = 0;
  /** Sends a label change; the UI shows "saving" until the host says it is on disk. */
  function record(request: Request): string {
    const id = send(request);
    const s = get();
    update({ pending: new Set([...s.pending, id]), save: s.save === 'retrying' ? 'retrying' : 'saving' });
    render();
    return id;
  }
  const add = (draft: AddDraft, group?: string) => record({ type: 'label/add', draft, ...(group ? { group } : {}) });
  const remove = (target: string) => void record({ type: 'label/remove', target });
  const replace = (target: string, draft: AddDraft) => void record({ type: 'label/replace', target, draft });

  function focusSide(position: 'left' | 'right'): void {
    // Going to a side leaves a shared step: the sentence keys then walk the side.
    update({ focusSide: position, ...(get().focusStep?.in === 'prompt' && { focusStep: null }) });
    render(false);
    page.focusSide(position);
  }

  function tagSelection(traitId: string): void {
    const target = page.selection();
    const { item, defaultSeverity } = get();
    if (!target || !item) {
      if (item) toast('Select text in a response first, then press the trait key.');
      return;
    }
    // Arguments are selected as shown (decoded, indented); the span is logged in the raw string.
    const range = target.field === 'arguments' ? rawArgumentsRange(item, target, target.start, target.end) : target;
    if (!range) {
      toast('Select text of the arguments (not only the space between them), then press the trait key.');
      return;
    }
    const span: SpanDraft = {
      kind: 'span',
      item: item.id,
      side: target.side,
      ...(target.in && { in: target.in }),
      message: target.message,
      field: target.field,
      ...(target.toolCallId !== undefined && { toolCallId: target.toolCallId }),
      start: range.start,
      end: range.end,
      quote: range.quote,
      trait: traitId,
      severity: defaultSeverity,
    };
    page.clearSelection();
    // Written once, from the dialog, with its severity and note: one label, one undo.
    update({ spanEditor: { span, severity: span.severity ?? defaultSeverity, note: '' } });
    render();
    page.focusSpanEditor();
  }

  const actions: ViewActions = {
    ...createStepActions({ get, update, render, page }),
    show,
    toast,
    tagSelection,
    replaceLabel: replace,
    focusSide,
    go(delta) {
      const state = get();
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
      update({ view: { ...get().view, ...options } });
      send({ type: 'view/set', options });
      render();
    },
    toggleHelp(open) {
      const help = open ?? !get().help;
      update({ help });
      if (help) page.rememberFocus();
      render();
      if (!help) page.returnFocus();
    },
    setVerdict(side, trait, value) {
      const { item, labels } = get();
      if (!item) return;
      const current = verdictFor(labels, side, trait);
      if (current?.value === value) remove(current.id);
      else add({ kind: 'verdict', item: item.id, side, trait, value });
    },
    setVerdicts(side, traits, value) {
      const { item } = get();
      if (!item) return;
      const group = `${Date.now().toString(36)}-${++groups}`;
      for (const trait of traits) add({ kind: 'verdict', item: item.id, side, trait, value }, group);
    },
    setPreference(value, trait) {
      const { item, labels } = get();
      if (!item) return;
      const current = labels.find((l) => l.kind === 'preference' && (l.trait ?? undefined) === trait);
      if (current && current.kind === 'preference' && current.value === value) remove(current.id);
      else add({ kind: 'preference', item: item.id, value, ...(trait ? { trait } : {}) });
    },
    toggleFlag(side, flag) {
      const { item, labels } = get();
      if (!item) return;
      const current = labels.find((l) => l.kind === 'flag' && l.side === side && l.flag === flag);
      if (current) remove(current.id);
      else add({ kind: 'flag', item: item.id, side, flag });
    },
    setStepVerdict(step, trait, value) {
      const { item, labels } = get();
      if (!item) return;
      const current = labels.find((l) => l.kind === 'step_verdict' && l.trait === trait && sameSideStep(l, step));
      if (current?.kind === 'step_verdict' && current.value === value) remove(current.id);
      else add({ kind: 'step_verdict', item: item.id, side: step.side, ...(step.in && { in: step.in }), message: step.message, ...(step.call !== undefined && { call: step.call }), trait, value });
    },
    toggleStepFlag(step, flag) {
      const { item, labels } = get();
      if (!item) return;
      const current = labels.find((l) => l.kind === 'step_flag' && l.flag === flag && sameSideStep(l, step));
      if (current) remove(current.id);
      else add({ kind: 'step_flag', item: item.id, side: step.side, message: step.message, ...(step.call !== undefined && { call: step.call }), flag });
    },
    focusStep(step) {
      if (sameSideStep(step, get().focusStep) || (!step && !get().focusStep)) return;
      update({ focusStep: step });
      render(false);
    },
    setRubric(side, criterion, value) {
      const { item, labels } = get();
      if (!item) return;
      const current = labels.find((l) => l.kind === 'rubric' && l.side === side && l.criterion === criterion);
      if (current && current.kind === 'rubric' && current.value === value) remove(current.id);
      else add({ kind: 'rubric', item: item.id, side, criterion, value });
    },
    saveNote(text) {
      const { item, labels } = get();
      if (!item) return;
      const current = labels.find((l) => l.kind === 'note');
      if ((current?.kind === 'note' ? current.text : '') === text) return;
      // Esc saves, and the blur that follows fires `change` with the same text: one save.
      if (noteSent?.item === item.id && noteSent.text === text) return;
      noteSent = { item: item.id, text };
      if (!text.trim() && current) remove(current.id);
      else if (text.trim()) add({ kind: 'note', item: item.id, text });
    },
    removeLabel: (id) => remove(id),
    editSpan(span) {
      update({ spanEditor: { span: toDraft(span) as SpanDraft, target: span.id, severity: span.severity ?? get().defaultSeverity, note: span.note ?? '' } });
      render();
      page.focusSpanEditor();
    },
    setSpanEditor(patch) {
      const ed = get().spanEditor;
      if (!ed) return;
      update({ spanEditor: { ...ed, ...patch } });
      render();
    },
    commitSpanEditor() {
      const ed = get().spanEditor;
      update({ spanEditor: null });
      if (ed && (ed.target === undefined || ed.severity !== (ed.span.severity ?? '') || ed.note !== (ed.span.note ?? ''))) {
        const draft: SpanDraft = { ...ed.span, severity: ed.severity, note: ed.note || undefined };
        // Just tagged: written once, here. An edit replaces the saved span.
        if (ed.target) replace(ed.target, draft);
        else add(draft);
      }
      render();
      page.restoreFocus();
    },
    closeSpanEditor() {
      update({ spanEditor: null });
      render();
      page.restoreFocus();
    },
    requestTimedOut(type, requestId, seconds) {
      if (get().pending.has(requestId)) {
        const saveMessage = `no answer from the extension host in ${seconds} s; this change may not be saved — check Output → Transcript Review`;
        set({ ...settleLabel(get(), requestId), save: 'error', saveMessage });
        return toast(`Not saved: ${saveMessage}`);
      }
      if (type === 'item/show') update({ showRequest: undefined });
      toast(`No answer from the extension host in ${seconds} s (${type}); try again`);
    },
  };
  return actions;
}
