import type { Diagnostic } from '../core/diagnostic';
import { observe, type Observation } from '../core/report/observations';
import { buildReport, type Report } from '../core/report/report';
import { labeledItems, type LabeledInput } from './labeledInput';
import { adjudication } from '../core/campaign/adjudication';

/** Reads every item of a labeled input once and builds the comparison and calibration report. */
export async function runReport(li: LabeledInput & { path: string }, options: { seed?: number } = {}): Promise<{ report: Report; diagnostics: Diagnostic[] }> {
  const observations: Observation[] = [];
  const diagnostics: Diagnostic[] = [...li.input.diagnostics];
  let total = 0;
  const adjudicators = li.labels.adjudicators;
  const settled = { adjudicators: [...adjudicators].sort(), items: 0, overruled: 0 };
  for await (const { result, labels } of labeledItems(li)) {
    for (const d of result.diagnostics) diagnostics.push(d);
    if (!result.item) continue;
    total++;
    if (adjudicators.size > 0) {
      const a = adjudication(li.labels.allForItem(result.item.id), adjudicators);
      if (a.adjudicated) settled.items++;
      if (a.overruled) settled.overruled++;
    }
    const o = observe(result.item, labels);
    if (o) observations.push(o);
  }
  const report = buildReport(observations, {
    input: li.path,
    annotators: li.labels.logs.map((l) => l.annotator),
    totalItems: total,
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(adjudicators.size > 0 && { adjudication: settled }),
  });
  return { report, diagnostics: [...li.labels.diagnostics, ...diagnostics] };
}
