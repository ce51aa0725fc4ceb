import type { Diagnostic } from '../core/diagnostic';
import { observe, type Observation } from '../core/report/observations';
import { buildReport, type Report } from '../core/report/report';
import { labeledItems, type LabeledInput } from './labeledInput';
import { adjudication } from '../core/campaign/adjudication';
import { ShardIds } from '../core/input/shardIds';
import type { Shard } from './shards';

/** Reads every item of a labeled input once and builds the comparison and calibration report. */
export function runReport(li: LabeledInput & { path: string }, options: { seed?: number } = {}): Promise<{ report: Report; diagnostics: Diagnostic[] }> {
  return runReportOver([li], li.path, options);
}

/**
 * One report over the shards of a dataset, read one after another (`eachShard`), each with its
 * own labels: the same numbers as one file holding them all. `input` names them in the report;
 * with `unique`, an id already read in an earlier shard is an error and its item is left out.
 */
export async function runReportOver(shards: Iterable<Shard> | AsyncIterable<Shard>, input: string, options: { seed?: number; unique?: boolean } = {}): Promise<{ report: Report; diagnostics: Diagnostic[] }> {
  const observations: Observation[] = [];
  const ownObservations: Observation[] = [];
  const diagnostics: Diagnostic[] = [];
  const annotators = new Set<string>();
  const adjudicators = new Set<string>();
  const ids = options.unique ? new ShardIds() : undefined;
  let total = 0;
  let items = 0;
  let overruled = 0;
  for await (const li of shards) {
    diagnostics.push(...li.labels.diagnostics, ...li.input.diagnostics);
    for (const l of li.labels.logs) annotators.add(l.annotator);
    for (const a of li.labels.adjudicators) adjudicators.add(a);
    ids?.startShard(li.input.source.files[0] ?? li.path);
    for await (const each of labeledItems(li)) {
      const result = ids ? ids.take(each.result) : each.result;
      for (const d of result.diagnostics) diagnostics.push(d);
      if (!result.item) continue;
      total++;
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
    ...(adjudicators.size > 0 && { adjudication: { adjudicators: [...adjudicators].sort(), items, overruled }, agreementObservations: ownObservations }),
  });
  return { report, diagnostics };
}
