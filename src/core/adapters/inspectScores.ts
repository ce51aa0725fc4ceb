/**
 * Inspect's `value_to_float` (src/inspect_ai/scorer/_metric.py): `C` = 1, `P` = 0.5, `I` and `N` = 0,
 * numbers as they are, booleans 1 / 0, "yes"/"true" 1, "no"/"false" 0, numeric strings parsed.
 * Anything else has no float (Inspect warns and uses 0; here the score is left out instead).
 */
export function valueToFloat(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  if (value === 'C') return 1;
  if (value === 'P') return 0.5;
  if (value === 'I' || value === 'N') return 0;
  const v = value.toLowerCase();
  if (v === 'yes' || v === 'true') return 1;
  if (v === 'no' || v === 'false') return 0;
  const n = v.trim() === '' ? NaN : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export interface ScoreLike {
  value?: unknown;
  answer?: string | null;
  explanation?: string | null;
}

/**
 * A sample's scores as side scores: one per scorer (`match`), or one per key of a dict-valued
 * score (`rubric.accuracy`); the answer and explanation kept as notes beside them.
 */
export function sideScores(scores: Readonly<Record<string, ScoreLike>> | null | undefined): { scores: Record<string, number>; notes: Record<string, string> } {
  const out: Record<string, number> = {};
  const notes: Record<string, string> = {};
  for (const [scorer, score] of Object.entries(scores ?? {})) {
    const v = score?.value;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      for (const [k, kv] of Object.entries(v)) {
        const f = valueToFloat(kv);
        if (f !== undefined) out[`${scorer}.${k}`] = f;
      }
    } else {
      const f = valueToFloat(v);
      if (f !== undefined) out[scorer] = f;
    }
    const explanation = score?.explanation && score.explanation !== score.answer ? score.explanation : '';
    const note = [score?.answer ? `answer: ${score.answer}` : '', explanation].filter(Boolean).join('\n');
    if (note) notes[scorer] = note;
  }
  return { scores: out, notes };
}
