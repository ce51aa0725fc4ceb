import { itemSchema, roleSchema, toReviewItem, type Item } from '../schema';
import { check } from './common';
import type { PairAdapter } from './types';

/** `{"id", "prompt", "baseline": {"model", "messages"}, "trained": {…}, "metadata"}`: the canonical format (docs/input-formats.md). */
export const canonicalAdapter: PairAdapter<'canonical'> = {
  name: 'canonical',
  kind: 'pair',
  shape: '{"id", "prompt": [messages], "baseline": {"model", "messages", "scores"?}, "trained": {…}, "metadata"?}',
  probe: (r) => 'baseline' in r || 'trained' in r,
  toItem(record) {
    if (isCanonicalItem(record)) return { ok: true, value: toReviewItem(record) };
    const r = check(itemSchema, record);
    return r.ok ? { ok: true, value: toReviewItem(r.value) } : r;
  },
};

// A hand-written mirror of `itemSchema` for valid records. On 1 GB of transcripts zod costs
// ~0.6 s (~15% of the whole read); this check allocates nothing and costs a few percent. It
// is strictly narrower than the schema: anything it accepts, zod accepts (fuzzed in
// test/unit/adapters.test.ts), and anything it rejects goes to zod, which decides and explains.
// One difference in the value: zod would drop unknown keys of rubric criteria; this keeps them.

const roles: ReadonlySet<unknown> = new Set(roleSchema.options);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optString(v: unknown): boolean {
  return v === undefined || typeof v === 'string';
}

function isMessage(v: unknown): boolean {
  if (!isObject(v) || !roles.has(v.role)) return false;
  const c = v.content;
  if (!(c === undefined || c === null || typeof c === 'string')) {
    if (!Array.isArray(c)) return false;
    for (const p of c) if (!isObject(p) || typeof p.type !== 'string' || !optString(p.text)) return false;
  }
  if (!optString(v.name) || !optString(v.tool_call_id) || !optString(v.reasoning)) return false;
  if (v.tool_calls !== undefined) {
    if (!Array.isArray(v.tool_calls)) return false;
    for (const t of v.tool_calls) {
      if (!isObject(t) || !optString(t.id) || !optString(t.type)) return false;
      const f = t.function;
      if (!isObject(f) || typeof f.name !== 'string' || !optString(f.arguments)) return false;
    }
  }
  return true;
}

function isMessages(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (const m of v) if (!isMessage(m)) return false;
  return true;
}

function isSide(v: unknown): boolean {
  if (!isObject(v) || typeof v.model !== 'string' || !isMessages(v.messages)) return false;
  if (v.scores !== undefined) {
    if (!isObject(v.scores)) return false;
    for (const k in v.scores) if (typeof v.scores[k] !== 'number' || !Number.isFinite(v.scores[k])) return false;
  }
  if (v.score_notes !== undefined) {
    if (!isObject(v.score_notes)) return false;
    for (const k in v.score_notes) if (typeof v.score_notes[k] !== 'string') return false;
  }
  return true;
}

function isMetadata(v: unknown): boolean {
  if (v === undefined) return true;
  if (!isObject(v)) return false;
  if (!optString(v.domain) || !optString(v.benchmark) || !optString(v.split) || !optString(v.persona)) return false;
  if (v.traits !== undefined) {
    if (!Array.isArray(v.traits)) return false;
    for (const t of v.traits) if (typeof t !== 'string') return false;
  }
  if (v.rubric !== undefined) {
    if (!Array.isArray(v.rubric)) return false;
    for (const c of v.rubric) if (!isObject(c) || typeof c.id !== 'string' || typeof c.text !== 'string' || typeof c.points !== 'number' || !Number.isFinite(c.points)) return false;
  }
  return true;
}

/** True only for records `itemSchema` certainly accepts. */
export function isCanonicalItem(v: unknown): v is Item {
  return (
    isObject(v) &&
    typeof v.id === 'string' &&
    v.id.length > 0 &&
    isMessages(v.prompt) &&
    isSide(v.baseline) &&
    isSide(v.trained) &&
    isMetadata(v.metadata)
  );
}
