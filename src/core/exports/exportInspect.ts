import { bothBadValue, judgementKey, judgements, majority, preferenceOf, spansOf, tieValue, type AnnotatorItemLabels, type Judgement } from '../labels/humanLabels';
import { jsonLine, type ExportOptions, type ItemExporter } from './exportFormat';
import type { ReviewItem } from '../schema';

/**
 * A score record for Inspect's `precomputed_scores()` scorer (src/inspect_ai/scorer/_precomputed.py):
 * `id` and `epoch` name the sample, `value` is the score (a dict: Inspect metrics take one per
 * key), `explanation` and `metadata` are kept on the score. Other fields (`side`) Inspect ignores.
 */
export interface InspectScoreRecord {
  id: string;
  epoch?: number;
  value: Record<string, number>;
  explanation: string;
  metadata: Record<string, unknown>;
  side: string;
}

interface InspectRef {
  id?: unknown;
  epoch?: unknown;
  task?: unknown;
}

/**
 * One record per side of an item the annotators labeled: `preferred` (1 this side, 0 the other,
 * 0.5 a tie, 0 both bad; left out without a majority) and one key per trait with a majority human
 * label (1 ok, 0 violation), under the rule every export uses (more than half of the annotators).
 */
export function inspectRecords(item: ReviewItem, labels: readonly AnnotatorItemLabels[]): InspectScoreRecord[] {
  if (!labels.length) return [];
  const ref = ((item.metadata as { inspect?: InspectRef }).inspect ?? {}) as InspectRef;
  const id = ref.id !== undefined ? String(ref.id) : item.id;
  const epoch = typeof ref.epoch === 'number' ? ref.epoch : undefined;
  const prefs = majority(labels.flatMap((a) => preferenceOf(a.labels) ?? []));
  const votes = new Map<string, Judgement[]>();
  for (const a of labels) for (const [key, j] of judgements(a.labels)) votes.set(key, [...(votes.get(key) ?? []), j]);
  const out: InspectScoreRecord[] = [];
  for (const side of item.sides) {
    const value: Record<string, number> = {};
    if (prefs.kind === 'winner') {
      const p = prefs.value;
      value.preferred = p === side.name ? 1 : p === tieValue ? 0.5 : p === bothBadValue ? 0 : item.sides.some((s) => s.name === p) ? 0 : NaN;
      if (Number.isNaN(value.preferred)) delete value.preferred;
    }
    const traits = new Set<string>();
    for (const key of votes.keys()) if (key.startsWith(judgementKey(side.name, ''))) traits.add(key.slice(side.name.length + 1));
    for (const trait of [...traits].sort()) {
      const m = majority(votes.get(judgementKey(side.name, trait))!);
      if (m.kind === 'winner') value[trait] = m.value === 'ok' ? 1 : 0;
    }
    if (!Object.keys(value).length) continue;
    const spans = labels.flatMap((a) => spansOf(a.labels).filter((s) => s.side === side.name).map((s) => ({ annotator: a.annotator, trait: s.trait, quote: s.quote, ...(s.severity ? { severity: s.severity } : {}), ...(s.note ? { note: s.note } : {}) })));
    const notes = labels.flatMap((a) => a.labels.flatMap((e) => (e.kind === 'note' ? [`${a.annotator}: ${e.text}`] : [])));
    const explanation = [
      prefs.kind === 'winner' ? `human preference: ${prefs.value} (${prefs.votes} of ${prefs.of})` : '',
      ...spans.map((s) => `${s.trait}${s.severity ? ` (${s.severity})` : ''}: "${s.quote}"${s.note ? ` — ${s.note}` : ''}`),
      ...notes,
    ].filter(Boolean);
    out.push({
      id,
      ...(epoch !== undefined ? { epoch } : {}),
      value,
      explanation: explanation.join('\n'),
      metadata: { side: side.name, item: item.id, ...(typeof ref.task === 'string' ? { task: ref.task } : {}), annotators: labels.map((a) => a.annotator), spans },
      side: side.name,
    });
  }
  return out;
}

/**
 * `inspect`: score records for `inspect score` with `precomputed_scores()`. Sample ids repeat
 * across sides and tasks, and the scorer takes one record per (id, epoch): `side` and `task`
 * select the records of one log.
 */
export function inspectExporter(options: ExportOptions = {}): ItemExporter {
  let records = 0;
  const sides = new Set<string>();
  const tasks = new Set<string>();
  return {
    begin: () => '',
    item(item, labels) {
      const rs = inspectRecords(item, labels).filter((r) => (options.side === undefined || r.side === options.side) && (options.task === undefined || r.metadata.task === options.task));
      records += rs.length;
      for (const r of rs) {
        sides.add(r.side);
        if (typeof r.metadata.task === 'string') tasks.add(r.metadata.task);
      }
      return rs.map(jsonLine).join('');
    },
    summary: () => {
      const several = [sides.size > 1 ? `${sides.size} sides (${[...sides].join(', ')})` : '', tasks.size > 1 ? `${tasks.size} tasks` : ''].filter(Boolean);
      return `inspect: ${records} score records${several.length ? ` for ${several.join(' and ')}; precomputed_scores() takes one record per sample: write one file per log with --side${tasks.size > 1 ? ' and --task' : ''}` : ''}`;
    },
  };
}
