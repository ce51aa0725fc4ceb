import type { AddEvent, RubricLabel, SpanLabel, StepFlagLabel, StepVerdictLabel } from './labelEvent';

/** One annotator's current labels on one item (a folded log, filtered to the item). */
export interface AnnotatorItemLabels {
  annotator: string;
  labels: readonly AddEvent[];
}

/** A human label for one trait on one side. `unsure` verdicts give none. */
export type Judgement = 'violation' | 'ok';

export const tieValue = 'tie';
export const bothBadValue = 'both_bad';

export function judgementKey(side: string, trait: string): string {
  return `${side}\u0000${trait}`;
}

export function splitJudgementKey(key: string): { side: string; trait: string } {
  const at = key.indexOf('\u0000');
  return { side: key.slice(0, at), trait: key.slice(at + 1) };
}

/**
 * One annotator's human labels per (side, trait): the verdict `violation` or `ok` (`unsure`
 * excluded), and a violation span of the trait on the side, or a `violation` verdict on one of
 * its steps, makes it `violation` whatever the side's verdict says: the span or the step is the
 * evidence, and a contradicting `ok` is flagged by `check`. A step's `ok` says nothing of the side.
 * Labels in the shared prompt (`in: 'prompt'`) are on neither side and count for none.
 */
export function judgements(labels: readonly AddEvent[]): Map<string, Judgement> {
  const out = new Map<string, Judgement>();
  for (const e of labels) {
    if (e.kind === 'verdict' && e.value !== 'unsure') out.set(judgementKey(e.side, e.trait), e.value);
  }
  for (const e of labels) {
    // A label in the shared prompt is on neither side: it judges a step both runs share, not a side.
    if (e.kind === 'span' || (e.kind === 'step_verdict' && e.value === 'violation')) if (e.in !== 'prompt') out.set(judgementKey(e.side, e.trait), 'violation');
  }
  return out;
}

/** A step label (verdict or flag) on one message or one tool call. */
export type StepLabel = StepVerdictLabel | StepFlagLabel;

export function stepLabelsOf(labels: readonly AddEvent[]): StepLabel[] {
  return labels.filter((e): e is StepLabel => e.kind === 'step_verdict' || e.kind === 'step_flag');
}

/** Whether a step label is on this step: the message itself (no `call`), or one of its tool calls. */
export function onStep(e: { side: string; in?: 'prompt' | undefined; message: number; call?: string | undefined }, side: string, message: number, call: string | undefined): boolean {
  return e.in !== 'prompt' && e.side === side && e.message === message && e.call === call;
}

/** The annotator's preference: overall, or for one trait. */
export function preferenceOf(labels: readonly AddEvent[], trait?: string): string | undefined {
  for (const e of labels) if (e.kind === 'preference' && (e.trait ?? undefined) === trait) return e.value;
  return undefined;
}

/** The traits that have a per-trait preference in these labels. */
export function preferenceTraits(labels: readonly AddEvent[]): string[] {
  const traits = new Set<string>();
  for (const e of labels) if (e.kind === 'preference' && e.trait !== undefined) traits.add(e.trait);
  return [...traits];
}

export function spansOf(labels: readonly AddEvent[]): SpanLabel[] {
  return labels.filter((e): e is SpanLabel => e.kind === 'span');
}

export function rubricOf(labels: readonly AddEvent[]): RubricLabel[] {
  return labels.filter((e): e is RubricLabel => e.kind === 'rubric');
}

export type MajorityResult<T> = { kind: 'winner'; value: T; votes: number; of: number } | { kind: 'no_majority'; of: number } | { kind: 'none' };

/**
 * The several-annotator rule used by every export and metric: a value wins when more than half
 * of the annotators who gave one chose it. Anything less (a 1–1 split, 2–1–1) is no majority.
 */
export function majority<T>(votes: readonly T[]): MajorityResult<T> {
  if (votes.length === 0) return { kind: 'none' };
  const counts = new Map<T, number>();
  for (const v of votes) counts.set(v, (counts.get(v) ?? 0) + 1);
  for (const [value, count] of counts) if (count * 2 > votes.length) return { kind: 'winner', value, votes: count, of: votes.length };
  return { kind: 'no_majority', of: votes.length };
}
