/** One entry of a cache folder, as the eviction sees it. */
export interface CacheEntry {
  name: string;
  bytes: number;
  /** Last use (the entry's mtime: touched on every use). */
  usedMs: number;
}

export interface CacheLimits {
  maxBytes: number;
  maxEntries?: number;
  /** Names never evicted (the entry being used now). */
  keep?: ReadonlySet<string>;
}

/** The entries to drop, least recently used first, so the rest fits the limits. */
export function lruEvictions(entries: readonly CacheEntry[], limits: CacheLimits): CacheEntry[] {
  const byUse = [...entries].sort((a, b) => b.usedMs - a.usedMs);
  let bytes = byUse.reduce((n, e) => n + e.bytes, 0);
  let count = byUse.length;
  const out: CacheEntry[] = [];
  for (let i = byUse.length - 1; i >= 0 && (bytes > limits.maxBytes || count > (limits.maxEntries ?? Infinity)); i--) {
    const e = byUse[i]!;
    if (limits.keep?.has(e.name)) continue;
    out.push(e);
    bytes -= e.bytes;
    count--;
  }
  return out;
}
