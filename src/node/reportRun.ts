import type { Diagnostic } from '../core/diagnostic';
import { observe, type Observation } from '../core/report/observations';
import { buildReport, type Report } from '../core/report/report';
import { labeledItems, type LabeledInput } from './labeledInput';
import { adjudication } from '../core/campaign/adjudication';
import { ShardIds } from '../core/input/shardIds';
import type { Shard } from './shards';
import { populationItem, type PopulationItem } from '../core/report/population';
import type { Correction } from '../core/metrics/multiplicity';
import type { CertificationRule } from '../core/metrics/certify';
import { readSelection } from './selectionFile';

/** What the prediction-powered section and certification read besides the labels. */
export interface PoweredOptions {
  predictor?: string;
  correction?: Correction;
}

/** Reads every item of a labeled input once and builds the comparison and calibration report. */
export function runReport(li: LabeledInput & { path: string }, options: { seed?: number } & PoweredOptions = {}): Promise<{ report: Report; diagnostics: Diagnostic[] }> {
  return runReportOver([li], li.path, options);
}

/**
 * One report over the shards of a dataset, read one after another (`eachShard`), each with its
 * own labels: the same numbers as one file holding them all. `input` names them in the report;
 * with `unique`, an id already read in an earlier shard is an error and its item is left out.
 */
export async function runReportOver(shards: Iterable<Shard> | AsyncIterable<Shard>, input: string, options: { seed?: number; unique?: boolean } & PoweredOptions = {}): Promise<{ report: Report; diagnostics: Diagnostic[] }> {
  const observations: Observation[] = [];
  const ownObservations: Observation[] = [];
  const diagnostics: Diagnostic[] = [];
  const annotators = new Set<string>();
  const adjudicators = new Set<string>();
  const ids = options.unique ? new ShardIds() : undefined;
  let total = 0;
  let items = 0;
  let overruled = 0;
  const population: PopulationItem[] = [];
  const probabilities = new Map<string, number>();
  const certain = new Set<string>();
  let selections = 0;
  let rule: CertificationRule | undefined;
  for await (const li of shards) {
    rule ??= li.input.manifest?.certification;
    const selection = await readSelection(li.labels.dir);
    if (selection) {
      selections++;
      for (const s of selection.items) probabilities.set(s.item, s.probability);
      for (const id of selection.certain) certain.add(id);
    }
    diagnostics.push(...li.labels.diagnostics, ...li.input.diagnostics);
    for (const l of li.labels.logs) annotators.add(l.annotator);
    for (const a of li.labels.adjudicators) adjudicators.add(a);
    ids?.startShard(li.input.source.files[0] ?? li.path);
    for await (const each of labeledItems(li)) {
      const result = ids ? ids.take(each.result) : each.result;
      for (const d of result.diagnostics) diagnostics.push(d);
      if (!result.item) continue;
      total++;
      population.push(populationItem(result.item));
      const o = observe(result.item, each.labels);
      if (o) observations.push(o);
      if (li.labels.adjudicators.size > 0) {
        const everyone = li.labels.allForItem(result.item.id);
        const a = adjudication(everyone, li.labels.adjudicators);
        if (a.adjudicated) items++;
        if (a.overruled) overruled++;
        const own = observe(result.item, everyone.filter((x) => !li.labels.adjudicators.has(x.annotator)));
        if (own) ownObservations.push(own);
      }
    }
  }
  const report = buildReport(observations, {
    input,
    annotators: [...annotators],
    totalItems: total,
    ...(options.seed !== undefined && { seed: options.seed }),
    population,
    ...(options.predictor !== undefined && { predictor: options.predictor }),
    ...(options.correction !== undefined && { correction: options.correction }),
    ...(selections > 0 && { design: { probabilities, certain } }),
    ...(rule && { certificationRule: rule }),
    ...(adjudicators.size > 0 && { adjudication: { adjudicators: [...adjudicators].sort(), items, overruled }, agreementObservations: ownObservations }),
  });
  return { report, diagnostics };
}
