import { z } from 'zod';
import type { BootstrapOptions } from '../metrics/bootstrap';
import { agreement, agreementSchema } from './agreement';
import { calibrateTrait, scoredTraits, traitCalibrationSchema } from './calibration';
import type { Observation } from './observations';

/** Labels made before guideline versions were stamped. */
export const unversioned = '(unversioned)';

export const guidelineVersionsSchema = z.object({
  /** Each version with the (item, annotator) pairs whose latest label was made under it. */
  versions: z.array(z.object({ version: z.string(), labels: z.number().int().nonnegative() })),
  /** Set when the rest of the report pools labels made under different guidelines. */
  warning: z.string().nullable(),
  /** Agreement and calibration over the labels of each version alone (only when there are several). */
  byVersion: z.array(z.object({ version: z.string(), agreement: z.array(agreementSchema), calibration: z.array(traitCalibrationSchema) })),
});

export type GuidelineVersions = z.infer<typeof guidelineVersionsSchema>;

/** The observations restricted to the annotators whose labels on the item were made under `version`. */
export function underVersion(observations: readonly Observation[], version: string): Observation[] {
  const out: Observation[] = [];
  for (const o of observations) {
    const annotators = o.annotators.filter((a) => (a.guidelines ?? unversioned) === version);
    if (annotators.length > 0) out.push({ ...o, annotators });
  }
  return out;
}

/** Counts of each guideline version among the labels: what `check` and the report warn about. */
export function versionCounts(observations: readonly Observation[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const o of observations) for (const a of o.annotators) counts.set(a.guidelines ?? unversioned, (counts.get(a.guidelines ?? unversioned) ?? 0) + 1);
  return counts;
}

export function pooledWarning(counts: ReadonlyMap<string, number>): string | null {
  if (counts.size < 2) return null;
  const list = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([v, n]) => `${v} (${n})`).join(', ');
  return `labels were made under ${counts.size} guideline versions: ${list}; agreement and calibration pool them (split by version below)`;
}

/** Agreement and calibration per guideline version, and the warning when the report pools several. */
export function guidelineVersions(observations: readonly Observation[], agreementObservations: readonly Observation[], boot: BootstrapOptions): GuidelineVersions {
  const counts = versionCounts(observations);
  const versions = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([version, labels]) => ({ version, labels }));
  const warning = pooledWarning(counts);
  const byVersion = !warning
    ? []
    : versions.map(({ version }) => {
        const obs = underVersion(observations, version);
        return {
          version,
          agreement: agreement(underVersion(agreementObservations, version), boot),
          calibration: scoredTraits(obs).map((t) => calibrateTrait(obs, t, boot)),
        };
      });
  return { versions, warning, byVersion };
}
