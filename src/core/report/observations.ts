import type { ItemGroups } from './breakdowns';
import type { RubricLabel } from '../labels/labelEvent';
import type { RubricCriterion, ReviewItem } from '../schema';
import { observeTrajectory, type TrajectoryObservation } from './trajectory';
import { judgements, rubricOf, type AnnotatorItemLabels, type Judgement } from '../labels/humanLabels';

/** What one annotator said about one item, reduced to what the summary and metrics read. */
export interface AnnotatorObservation {
  annotator: string;
  preference?: string;
  traitPreferences: Map<string, string>;
  /** Human labels per `judgementKey(side, trait)`. */
  judgements: Map<string, Judgement>;
  rubric: RubricLabel[];
  /** The guideline version of the annotator's latest label on the item (`guidelines` of the event), if stamped. */
  guidelines?: string;
}

/**
 * One labeled item as the report sees it: its grouping metadata, reward-model scores and human
 * labels, without the transcript text, so a report over 100k items keeps only what it needs.
 */
/** Its groups (`persona`: the system prompt pushes an adversarial persona, `metadata.persona` set). */
export interface Observation extends ItemGroups {
  item: string;
  sides: [string, string];
  /** Reward-model / grader scores per side, in side order. */
  scores: [Record<string, number> | undefined, Record<string, number> | undefined];
  rubric: RubricCriterion[];
  /** Annotators with at least one current label on the item. */
  annotators: AnnotatorObservation[];
  /** Where on its trajectory the item's violations are, when it has step-level labels. */
  trajectory?: TrajectoryObservation;
}

/** The observation of one item, or undefined when no selected annotator labeled it. */
export function observe(item: ReviewItem, labels: readonly AnnotatorItemLabels[]): Observation | undefined {
  const annotators: AnnotatorObservation[] = [];
  for (const a of labels) {
    if (a.labels.length === 0) continue;
    const traitPreferences = new Map<string, string>();
    let preference: string | undefined;
    for (const e of a.labels) {
      if (e.kind !== 'preference') continue;
      if (e.trait === undefined) preference = e.value;
      else traitPreferences.set(e.trait, e.value);
    }
    let version: string | undefined;
    for (const e of a.labels) if (e.guidelines !== undefined) version = e.guidelines;
    annotators.push({
      annotator: a.annotator,
      ...(version !== undefined && { guidelines: version }),
      ...(preference !== undefined && { preference }),
      traitPreferences,
      judgements: judgements(a.labels),
      rubric: rubricOf(a.labels),
    });
  }
  if (annotators.length === 0) return undefined;
  const m = item.metadata;
  const trajectory = observeTrajectory(item, labels);
  return {
    item: item.id,
    sides: [item.sides[0].name, item.sides[1].name],
    ...(m.benchmark !== undefined && { benchmark: m.benchmark }),
    ...(m.domain !== undefined && { domain: m.domain }),
    ...(m.split !== undefined && { split: m.split }),
    persona: typeof m.persona === 'string' && m.persona.trim() !== '',
    scores: [item.sides[0].scores, item.sides[1].scores],
    rubric: m.rubric ?? [],
    annotators,
    ...(trajectory && { trajectory }),
  };
}

/** The traits some annotator gave a per-trait preference on, sorted. */
export function preferredTraits(observations: readonly Observation[]): string[] {
  const traits = new Set<string>();
  for (const o of observations) for (const a of o.annotators) for (const t of a.traitPreferences.keys()) traits.add(t);
  return [...traits].sort();
}
