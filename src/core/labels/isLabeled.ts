import type { AddEvent } from './labelEvent';

/**
 * An item counts as labeled when it has my overall preference, or a verdict on each of its
 * two sides. Decided from labels alone, so progress needs no parse of the items.
 */
export function isLabeled(labels: readonly AddEvent[]): boolean {
  const sides = new Set<string>();
  for (const l of labels) {
    if (l.kind === 'preference' && !l.trait) return true;
    if (l.kind === 'verdict') sides.add(l.side);
  }
  return sides.size >= 2;
}
