import type { LabelFolder } from '../labels/labelSink';
import { annotatorFileName, legacyFileName } from '../labels/labelPaths';
import { LabelWriter, type LabelsChanged, type WriterOptions } from '../labels/labelWriter';
import { OtherLabels } from '../labels/otherLabels';
import type { AnnotatorItemLabels } from '../labels/humanLabels';
import type { AddEvent } from '../labels/labelEvent';
import type { Diagnostic } from '../diagnostic';
import { Listeners } from './listeners';

/** Labels changed: mine (`cause`, `items`), or, with `others`, another annotator's. */
export type BookChanged = LabelsChanged & { others?: boolean };

/**
 * The labels of one input: mine, through the one writer every change goes through (and its fold),
 * and the other annotators', read-only. One change event for both.
 */
export class LabelBook {
  private readonly _changed = new Listeners<BookChanged>();

  private constructor(
    /** My labels: the one writer every change goes through. */
    readonly mine: LabelWriter,
    readonly others: OtherLabels,
  ) {
    mine.onDidChange((e) => this._changed.fire(e));
  }

  /** Opens my log (and an older-named one of mine) and the other annotators' logs in `folder`. */
  static async open(folder: LabelFolder, annotator: string, options: Omit<WriterOptions, 'legacy'>): Promise<LabelBook> {
    const name = annotatorFileName(annotator);
    const legacy = legacyFileName(annotator);
    const mine = new LabelWriter(folder.log(name), annotator, { ...options, legacy: legacy !== name ? [folder.log(legacy)] : [] });
    const book = new LabelBook(mine, new OtherLabels(folder, annotator));
    await mine.load();
    await book.others.load();
    return book;
  }

  get annotator(): string {
    return this.mine.annotator;
  }

  /** Fires for my writes, and for changes on disk made elsewhere (mine or others'). */
  onDidChange(listener: (e: BookChanged) => void): () => void {
    return this._changed.add(listener);
  }

  /** Looks for changes made elsewhere: my log (another window), the other annotators' logs. */
  async refresh(): Promise<void> {
    await this.mine.refresh(); // fires through the writer's onDidChange
    if (await this.others.load()) this._changed.fire({ cause: 'outside', others: true });
  }

  /** My current labels on the item. */
  forItem(item: string): AddEvent[] {
    return this.mine.state.forItem(item);
  }

  /** Everyone's current labels on the item, mine first. */
  byAnnotator(item: string): AnnotatorItemLabels[] {
    return [{ annotator: this.annotator, labels: this.forItem(item) }, ...this.others.byAnnotator(item)];
  }

  /** Problems in the logs: ignored lines, torn lines, misplaced events. */
  get diagnostics(): Diagnostic[] {
    return [...this.mine.diagnostics, ...this.others.diagnostics];
  }

  /** Stops once every queued change is on disk; returns how many were still pending. */
  close(): number {
    this._changed.clear();
    return this.mine.disposeWhenSaved();
  }
}
