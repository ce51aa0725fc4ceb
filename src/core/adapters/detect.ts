import { adapters } from './index';
import type { Adapter, FormatName } from './types';

/** How many parseable records detection looks at: enough to outvote an odd first line. */
export const detectSample = 16;

export interface Detection {
  adapter: Adapter;
  /** False when no record matched any shape: canonical is assumed, so errors explain the canonical item. */
  recognised: boolean;
  /** 1-based line of the first record of the winning shape, for file-level messages. */
  line: number;
}

/**
 * Picks the adapter of a file from its first records: each record votes for the first adapter
 * (in priority order) whose shape it has; the most votes win, ties going to the higher priority.
 * Records that are not JSON objects do not vote.
 */
export function detectFormat(records: readonly { value: unknown; line: number }[]): Detection {
  const votes = new Map<FormatName, { count: number; line: number }>();
  const order = Object.keys(adapters) as FormatName[];
  for (const { value, line } of records.slice(0, detectSample)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const name = order.find((n) => adapters[n].probe(value as Record<string, unknown>));
    if (!name) continue;
    const v = votes.get(name) ?? { count: 0, line };
    v.count++;
    votes.set(name, v);
  }
  let best: { name: FormatName; count: number; line: number } | undefined;
  for (const name of order) {
    const v = votes.get(name);
    if (v && (!best || v.count > best.count)) best = { name, ...v };
  }
  if (!best) return { adapter: adapters.canonical, recognised: false, line: records[0]?.line ?? 1 };
  return { adapter: adapters[best.name], recognised: true, line: best.line };
}
