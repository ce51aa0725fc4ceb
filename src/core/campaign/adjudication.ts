import { majority, preferenceOf, type AnnotatorItemLabels } from '../labels/humanLabels';
import type { SpanLabel } from '../labels/labelEvent';

/** Whether an adjudicator settled the item, and whether they overruled the annotators' majority preference. */
export function adjudication(labels: readonly AnnotatorItemLabels[], adjudicators: ReadonlySet<string>): { adjudicated: boolean; overruled: boolean } {
  const final = labels.filter((a) => adjudicators.has(a.annotator) && a.labels.length > 0);
  if (final.length === 0) return { adjudicated: false, overruled: false };
  const votes = labels.filter((a) => !adjudicators.has(a.annotator)).flatMap((a) => preferenceOf(a.labels) ?? []);
  const m = majority(votes);
  const decided = preferenceOf(final[0]!.labels);
  return { adjudicated: true, overruled: m.kind === 'winner' && decided !== undefined && decided !== m.value };
}

/**
 * Where annotators disagree on an item: their overall preferences differ, a verdict differs
 * (`unsure` aside), or spans of different traits overlap. One line per disagreement.
 */
export function disagreements(labels: readonly AnnotatorItemLabels[], side: (name: string) => string = (s) => s): string[] {
  const out: string[] = [];
  const prefs = labels.flatMap((a) => {
    const p = preferenceOf(a.labels);
    return p === undefined ? [] : [[a.annotator, p] as const];
  });
  if (new Set(prefs.map(([, p]) => p)).size > 1) out.push(`preference: ${prefs.map(([a, p]) => `${a} ${side(p)}`).join(', ')}`);
  const verdicts = new Map<string, [string, string][]>();
  for (const a of labels) {
    for (const e of a.labels) {
      if (e.kind !== 'verdict' || e.value === 'unsure') continue;
      const key = `${e.trait} on ${side(e.side)}`;
      verdicts.set(key, [...(verdicts.get(key) ?? []), [a.annotator, e.value]]);
    }
  }
  for (const [key, vs] of verdicts) if (new Set(vs.map(([, v]) => v)).size > 1) out.push(`${key}: ${vs.map(([a, v]) => `${a} ${v}`).join(', ')}`);
  const spans = labels.flatMap((a) => a.labels.filter((e): e is SpanLabel => e.kind === 'span').map((s) => ({ a: a.annotator, s })));
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const x = spans[i]!;
      const y = spans[j]!;
      if (x.a === y.a || x.s.trait === y.s.trait || x.s.side !== y.s.side || x.s.message !== y.s.message || x.s.field !== y.s.field) continue;
      if (x.s.in !== y.s.in) continue;
      if (x.s.start < y.s.end && y.s.start < x.s.end) out.push(`overlapping spans on ${x.s.in === 'prompt' ? 'the shared prompt' : side(x.s.side)}: ${x.a} ${x.s.trait}, ${y.a} ${y.s.trait}`);
    }
  }
  return out;
}
