import { readFile, writeFile, rename, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReviewItem } from '../core/schema';
import type { AnnotatorItemLabels } from '../core/labels/humanLabels';
import { observe, type Observation } from '../core/report/observations';
import { populationItem, type PopulationItem } from '../core/report/population';
import { appendRecords, certificationFileSchema, certifyJudges, type CertificationFile, type CertificationSection } from '../core/report/certification';
import { certificationRuleSchema, type CertificationRule } from '../core/metrics/certify';
import type { LabeledInput } from '../node/labeledInput';
import { InputError } from './args';

/** The record file's name in the labels folder: commit it with the labels. */
export const certificationFileName = 'certification.json';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(100 * x).toFixed(1)} %`);
const range = (i: [number, number] | null) => (i ? `[${pct(i[0])}, ${pct(i[1])}]` : '[–]');

/**
 * `check --certify`: collects every item (scores) and the labeled ones (human verdicts) while
 * `check` reads them, then certifies each judge against the manifest's rule, appends the record
 * file of the (first) labels folder and says whether every required judge passed.
 */
export class CertifyInputs {
  private readonly observations: Observation[] = [];
  private readonly population: PopulationItem[] = [];
  private rule: CertificationRule | undefined;
  private dir: string | undefined;

  startShard(li: LabeledInput): void {
    this.rule ??= li.input.manifest?.certification;
    this.dir ??= li.labels.dir;
  }

  add(item: ReviewItem, labels: readonly AnnotatorItemLabels[]): void {
    this.population.push(populationItem(item));
    const o = observe(item, labels);
    if (o) this.observations.push(o);
  }

  async run(): Promise<{ failed: boolean; lines: string[]; json: CertificationSection & { record: string; testSetReuse: string[] } }> {
    const rule = this.rule ?? certificationRuleSchema.parse({});
    const { section, testItems } = certifyJudges(this.observations, this.population, rule);
    const path = join(this.dir!, certificationFileName);
    const { file, reused } = appendRecords(await readRecords(path), section, testItems, new Date().toISOString());
    await mkdir(this.dir!, { recursive: true });
    await writeFile(`${path}.tmp`, JSON.stringify(file, null, 1) + '\n');
    await rename(`${path}.tmp`, path);
    const lines = section.judges.map((j) => {
      const f = j.figures;
      return (
        `certify ${j.judge} (against ${j.target}): TPR ${pct(f.tpr.rate)} ${range(f.tpr.interval)} of ${f.tpr.n}, TNR ${pct(f.tnr.rate)} ${range(f.tnr.interval)} of ${f.tnr.n}, ` +
        `AUC ${f.auc === null ? '–' : f.auc.toFixed(3)} on ${f.testItems} test sides; threshold ${f.threshold === null ? '–' : f.threshold.toPrecision(4)} from ${f.devItems} dev sides: ` +
        `${j.passed ? 'PASS' : 'FAIL'}${j.required ? ' (required)' : ''}`
      );
    });
    for (const judge of reused) lines.push(`certify ${judge}: test-set reuse: an earlier record certified another configuration of this judge on the same test split (${path}); its figures are optimistic`);
    lines.push(`certification: bar ${pct(rule.minTprLower)} (TPR) and ${pct(rule.minTnrLower)} (TNR) on the 95 % lower bounds; recorded in ${path}`);
    const failed = section.judges.some((j) => j.required && !j.passed);
    return { failed, lines, json: { ...section, record: path, testSetReuse: reused } };
  }
}

async function readRecords(path: string): Promise<CertificationFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = certificationFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new InputError(`${path}: not a certification record file`);
  return parsed.data;
}
