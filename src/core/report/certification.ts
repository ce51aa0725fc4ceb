import { z } from 'zod';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { certificationRuleSchema, judgeFigures, judgeFiguresSchema, passes, splitOf, testShare, type CertificationRule, type JudgedUnit } from '../metrics/certify';
import { roganGladen } from '../metrics/roganGladen';
import { humanLabel, judgedTraits, scoredTraits, sideLabel } from './calibration';
import type { Observation } from './observations';
import type { PopulationItem } from './population';

export const anyTrait = 'any trait';

export const judgeCertificationSchema = z.object({
  /** The score's name: a trait's reward-model score, or a grader (an Inspect scorer). */
  judge: z.string(),
  /** The human verdict it is checked against: its trait, or a violation of any trait for a grader. */
  target: z.string(),
  /** sha256 of the judge's scores on every (item, side): a changed judge has another digest. */
  configDigest: z.string(),
  /** sha256 of the human verdicts on the test split the figures rest on. */
  labelsDigest: z.string(),
  figures: judgeFiguresSchema,
  passed: z.boolean(),
  required: z.boolean(),
  /**
   * The judge's violation rate on the sides nobody labeled, corrected for its test-split errors
   * (Rogan–Gladen, delta-method 95 % interval); null without a threshold or a better-than-chance judge.
   */
  correctedViolationRate: z
    .object({ flagged: z.number().int(), n: z.number().int(), apparent: z.number().nullable(), estimate: z.number().nullable(), interval: z.tuple([z.number(), z.number()]).nullable() })
    .nullable(),
});

export const certificationSectionSchema = z.object({
  rule: certificationRuleSchema,
  testShare: z.number(),
  judges: z.array(judgeCertificationSchema),
});

export type JudgeCertification = z.infer<typeof judgeCertificationSchema>;
export type CertificationSection = z.infer<typeof certificationSectionSchema>;

interface Unit extends JudgedUnit {
  item: string;
  side: number;
}

const digest = (value: unknown) => bytesToHex(sha256(new TextEncoder().encode(JSON.stringify(value))));

/**
 * Certification of each judge against the human verdicts: dev / test split of the labeled items by
 * a seeded hash of their id (`splitOf`), threshold on dev, TPR / TNR / AUC on test, the rule's bar on
 * both Wilson lower bounds; and the judge's Rogan–Gladen-corrected violation rate on unlabeled sides.
 */
export function certifyJudges(observations: readonly Observation[], population: readonly PopulationItem[], rule: CertificationRule): { section: CertificationSection; testItems: Map<string, string[]> } {
  const judged = judgedTraits(observations);
  const byItem = new Map(observations.map((o) => [o.item, o]));
  const judges = [...new Set([...scoredTraits(observations), ...rule.required])].sort();
  const testItems = new Map<string, string[]>();
  const out: JudgeCertification[] = judges.map((judge) => {
    const grader = !judged.has(judge);
    const dev: Unit[] = [];
    const test: Unit[] = [];
    const unlabeled: number[] = [];
    const allScores: [string, number, number][] = [];
    for (const p of population) {
      const o = byItem.get(p.item);
      for (const side of [0, 1] as const) {
        const score = p.scores[side]?.[judge];
        if (typeof score !== 'number' || !Number.isFinite(score)) continue;
        allScores.push([p.item, side, score]);
        const label = o ? (grader ? sideLabel(o, o.sides[side], judged) : humanLabel(o, o.sides[side], judge)) : undefined;
        if (label === 'ok' || label === 'violation') {
          const u = { item: p.item, side, score, violation: label === 'violation' };
          (splitOf(rule.seed, p.item) === 'test' ? test : dev).push(u);
        } else if (label === undefined) unlabeled.push(score);
      }
    }
    const figures = judgeFigures(dev, test);
    testItems.set(judge, [...new Set(test.map((u) => u.item))].sort());
    let corrected: JudgeCertification['correctedViolationRate'] = null;
    if (figures.threshold !== null && unlabeled.length > 0) {
      const flagged = unlabeled.filter((s) => s < figures.threshold!).length;
      const rg = roganGladen({ flagged, n: unlabeled.length }, { hits: figures.tpr.hits, n: figures.tpr.n }, { hits: figures.tnr.hits, n: figures.tnr.n });
      corrected = { flagged, n: unlabeled.length, apparent: flagged / unlabeled.length, ...rg };
    }
    return {
      judge,
      target: grader ? anyTrait : judge,
      configDigest: digest(allScores.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]))),
      labelsDigest: digest(test.map((u) => [u.item, u.side, u.violation]).sort()),
      figures,
      passed: passes(figures, rule),
      required: rule.required.includes(judge),
      correctedViolationRate: corrected,
    };
  });
  return { section: { rule, testShare, judges: out }, testItems };
}

/** One certification as committed in the record file. */
export const certificationRecordSchema = z.object({
  judge: z.string(),
  configDigest: z.string(),
  labelsDigest: z.string(),
  splitSeed: z.number().int(),
  testItems: z.array(z.string()),
  figures: judgeFiguresSchema,
  passed: z.boolean(),
  /** Set when an earlier record certified a different configuration of this judge on the same test split. */
  testSetReuse: z.boolean(),
  at: z.string(),
});

export const certificationFileSchema = z.object({ version: z.literal(1), records: z.array(certificationRecordSchema) });
export type CertificationRecord = z.infer<typeof certificationRecordSchema>;
export type CertificationFile = z.infer<typeof certificationFileSchema>;

/**
 * The record of this certification, appended to the earlier ones. A judge certified before with
 * another configuration on the same split seed is test-set reuse: the test items have already
 * informed a choice between judges, so its figures are optimistic (flagged, not refused). The same
 * configuration on the same labels again adds nothing.
 */
export function appendRecords(file: CertificationFile | undefined, section: CertificationSection, testItems: ReadonlyMap<string, string[]>, at: string): { file: CertificationFile; reused: string[] } {
  const records = [...(file?.records ?? [])];
  const reused: string[] = [];
  for (const j of section.judges) {
    const earlier = records.filter((r) => r.judge === j.judge && r.splitSeed === section.rule.seed);
    if (earlier.some((r) => r.configDigest === j.configDigest && r.labelsDigest === j.labelsDigest)) continue;
    const reuse = earlier.some((r) => r.configDigest !== j.configDigest);
    if (reuse) reused.push(j.judge);
    records.push({ judge: j.judge, configDigest: j.configDigest, labelsDigest: j.labelsDigest, splitSeed: section.rule.seed, testItems: testItems.get(j.judge) ?? [], figures: j.figures, passed: j.passed, testSetReuse: reuse, at });
  }
  return { file: { version: 1, records }, reused };
}
