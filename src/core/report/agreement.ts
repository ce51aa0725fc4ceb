import { z } from 'zod';
import { judgementKey, splitJudgementKey } from '../labels/humanLabels';
import { cohenKappa } from '../metrics/kappa';
import { krippendorffAlphaNominal } from '../metrics/krippendorff';
import type { BootstrapOptions } from '../metrics/bootstrap';
import { estimate, estimateSchema, at } from './estimate';
import type { Observation } from './observations';

export const pairKappaSchema = z.object({
  a: z.string(),
  b: z.string(),
  /** Units both annotators labeled. */
  n: z.number().int().nonnegative(),
  agree: z.number().int().nonnegative(),
  kappa: estimateSchema,
});

export const agreementSchema = z.object({
  /** A trait (units: item × side, values: violation / ok) or the overall preference (units: items). */
  kind: z.enum(['trait', 'preference']),
  key: z.string(),
  /** Units with at least one label, and with two or more (pairable, the ones α uses). */
  units: z.number().int().nonnegative(),
  pairable: z.number().int().nonnegative(),
  alpha: estimateSchema,
  pairs: z.array(pairKappaSchema),
});

export type PairKappa = z.infer<typeof pairKappaSchema>;
export type Agreement = z.infer<typeof agreementSchema>;

/** A unit's labels by annotator, for one trait or the preference. */
type Unit = Map<string, string>;

function traitUnits(observations: readonly Observation[], trait: string): Unit[] {
  const units: Unit[] = [];
  for (const o of observations) {
    for (const side of o.sides) {
      const key = judgementKey(side, trait);
      const unit: Unit = new Map();
      for (const a of o.annotators) {
        const j = a.judgements.get(key);
        if (j) unit.set(a.annotator, j);
      }
      if (unit.size > 0) units.push(unit);
    }
  }
  return units;
}

function preferenceUnits(observations: readonly Observation[]): Unit[] {
  const units: Unit[] = [];
  for (const o of observations) {
    const unit: Unit = new Map();
    // Positions, not names: "second side" means the same on items whose sides are named differently.
    for (const a of o.annotators) {
      if (a.preference === undefined) continue;
      const i = o.sides.indexOf(a.preference);
      unit.set(a.annotator, i >= 0 ? `side${i}` : a.preference);
    }
    if (unit.size > 0) units.push(unit);
  }
  return units;
}

function agreementOf(kind: Agreement['kind'], key: string, units: readonly Unit[], annotators: readonly string[], boot: BootstrapOptions): Agreement {
  const rows = units.map((u) => annotators.map((a) => u.get(a) ?? null));
  const alpha = estimate(rows.length, (idx) => krippendorffAlphaNominal(at(rows, idx)), boot);
  const pairs: PairKappa[] = [];
  for (let i = 0; i < annotators.length; i++) {
    for (let j = i + 1; j < annotators.length; j++) {
      const a: string[] = [];
      const b: string[] = [];
      for (const u of units) {
        const x = u.get(annotators[i]!);
        const y = u.get(annotators[j]!);
        if (x === undefined || y === undefined) continue;
        a.push(x);
        b.push(y);
      }
      if (a.length === 0) continue;
      const agree = a.filter((x, k) => x === b[k]).length;
      const kappa = estimate(a.length, (idx) => cohenKappa(at(a, idx), at(b, idx)), boot);
      pairs.push({ a: annotators[i]!, b: annotators[j]!, n: a.length, agree, kappa });
    }
  }
  return { kind, key, units: units.length, pairable: units.filter((u) => u.size >= 2).length, alpha, pairs };
}

/**
 * Inter-annotator agreement per trait and for the overall preference: Cohen's κ for each pair
 * of annotators on the units both labeled, Krippendorff's α (nominal, missing values allowed)
 * over all annotators; bootstrap intervals over units.
 */
export function agreement(observations: readonly Observation[], boot: BootstrapOptions): Agreement[] {
  const annotators = [...new Set(observations.flatMap((o) => o.annotators.map((a) => a.annotator)))].sort();
  const traits = new Set<string>();
  for (const o of observations) for (const a of o.annotators) for (const key of a.judgements.keys()) traits.add(splitJudgementKey(key).trait);
  return [
    agreementOf('preference', 'preference', preferenceUnits(observations), annotators, boot),
    ...[...traits].sort().map((t) => agreementOf('trait', t, traitUnits(observations, t), annotators, boot)),
  ];
}
