import type { AddEvent } from './labelEvent';

/**
 * An item counts as labeled when it has my overall preference, a verdict on each of its two
 * sides, or a step label (a step verdict or step flag on any step: an agent trajectory judged
 * step by step is labeled, even when no side got a verdict of its own). Decided from labels
 * alone, so progress needs no parse of the items; the CLI's `progress`, `check` and `next`, the
 * editor's count and the item list all ask this.
 */
export function isLabeled(labels: readonly AddEvent[]): boolean {
  const sides = new Set<string>();
  for (const l of labels) {
    if (l.kind === 'preference' && !l.trait) return true;
    if (l.kind === 'step_verdict' || l.kind === 'step_flag') return true;
    if (l.kind === 'verdict') sides.add(l.side);
  }
  return sides.size >= 2;
}
