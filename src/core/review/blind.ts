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

/** How sides are shown: swapped by the user, hidden and shuffled in blind mode. */
export interface SideView {
  swapped: boolean;
  blind: boolean;
  blindSeed: number;
}

/** The data index (0/1 in `item.sides`) of the left and the right column. */
export function sideOrder(itemId: string, view: SideView): [0 | 1, 0 | 1] {
  let swap = view.swapped;
  if (view.blind && blindSwap(view.blindSeed, itemId)) swap = !swap;
  return swap ? [1, 0] : [0, 1];
}

/**
 * The name a side is shown as: the real side name, or in blind mode "Response A" / "Response B"
 * by column. Everything a person reads while blind (the editor, the item list, Problems,
 * notifications) names sides through this; labels keep the real names.
 */
export function shownSideName(item: { id: string; sides: readonly ({ name: string } | string)[] }, side: string, view: SideView): string {
  if (!view.blind) return side;
  const data = item.sides.findIndex((s) => (typeof s === 'string' ? s : s.name) === side);
  if (data < 0) return side === 'tie' || side === 'both_bad' ? side : 'another response';
  return sideOrder(item.id, view).indexOf(data as 0 | 1) === 0 ? 'Response A' : 'Response B';
}
