/**
 * A seeded hash of an item id to [0, 1): FNV-1a (32 bit) then a murmur3 finaliser so that
 * neighbouring ids spread. Depends on nothing but the seed and the id, so an item keeps its value
 * when others are added or removed: the dev / test split and the active-selection draws are
 * stable under appended items.
 */
export function itemUniform(seed: number, id: string): number {
  let h = (0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
