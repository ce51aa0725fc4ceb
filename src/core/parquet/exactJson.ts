/**
 * A decoded Parquet value as JSON, as hyparquet's `toJson` does, except for INT64: a value that
 * is a safe integer stays a number, a larger one becomes its decimal digits (a string), as the
 * JSONL reader keeps ids past 2^53. `toJson` rounds it to a double, so two ids could read the same.
 */
export function exactJson(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(exactJson);
  if (value instanceof Uint8Array) return Array.from(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    // `__proto__` is dropped, as the JSONL reader drops it (assigned, it would set the prototype).
    for (const [k, v] of Object.entries(value)) if (v !== undefined && k !== '__proto__') out[k] = exactJson(v);
    return out;
  }
  return value;
}
