import type { AnnotatorItemLabels } from '../labels/humanLabels';
import type { ReviewItem } from '../schema';
import type { ItemResult } from '../input/dataset';

export const exportFormats = ['labels', 'csv', 'trl', 'traits', 'merged', 'inspect', 'steps'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface ExportOptions {
  /** trl: pairs from the per-trait preferences of this trait instead of the overall one; traits: only this trait's rows. */
  trait?: string;
  /** inspect: only the records of this side (precomputed_scores() takes one record per sample). */
  side?: string;
  /** inspect: only the records of this task (a folder's labels, one scores file per log). */
  task?: string;
}

/**
 * One export format as a streaming transform: text out per item in, nothing held between
 * items beyond counters, so memory stays flat however long the input is. Core code builds the
 * text; the caller owns the file or stream it goes to.
 */
export interface ItemExporter {
  /** Text before the first item (the CSV header), or ''. */
  begin(): string;
  /** The output for one item with every selected annotator's labels on it ('' when none). */
  item(item: ReviewItem, labels: readonly AnnotatorItemLabels[]): string;
  /**
   * The output for one item as its source bytes plus text, when the format can pass the record
   * through unchanged (`merged`); undefined, and `item` is called. `head` may be a view into a
   * reused buffer: write it before the next item.
   */
  raw?(result: ItemResult, labels: readonly AnnotatorItemLabels[]): { head: Uint8Array; tail: string } | undefined;
  /** A one-line account for stderr (TRL's kept and dropped counts), if the format keeps one. */
  summary(): string | undefined;
}

/** Text is JSONL: one compact JSON value per line. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value) + '\n';
}
