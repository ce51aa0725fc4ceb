/**
 * Blind mode puts the sides in a per-item pseudo-random order, fixed by a seed so a reviewer
 * sees the same order on every visit (as Prodigy's compare view does). FNV-1a of seed + id.
 */
export function blindSwap(seed: number, itemId: string): boolean {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < itemId.length; i++) {
    h ^= itemId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return ((h >>> 0) & 1) === 1;
}
