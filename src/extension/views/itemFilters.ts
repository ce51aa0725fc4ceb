import * as vscode from 'vscode';
import type { ItemFilter } from '../../core/review/itemSummary';
import type { Matched } from '../../core/review/reviewQueue';
import { itemsContaining } from '../../core/review/textSearch';
import type { TranscriptDocument } from '../editor/transcriptDocument';

export type { Matched };

/**
 * Each document's item filter, kept by its review model's queue (`j`, `k` and `n` walk only its
 * items; the Transcript Items view lists them): this sets it, with progress for a text search,
 * and says when it changed. A filter belongs to its file — opening another starts with none,
 * and switching back finds it as it was.
 */
export class ItemFilters implements vscode.Disposable {
  private readonly _onDidChange = new vscode.EventEmitter<TranscriptDocument>();
  /** A document's filter changed. */
  readonly onDidChange = this._onDidChange.event;

  get(doc: TranscriptDocument | undefined): ItemFilter {
    return doc?.model.queue.filter ?? {};
  }

  isActive(doc: TranscriptDocument | undefined): boolean {
    return doc?.model.queue.filtered ?? false;
  }

  async set(doc: TranscriptDocument, filter: ItemFilter): Promise<void> {
    const text = filter.text;
    const hits = text
      ? await vscode.window.withProgress({ location: { viewId: 'transcriptReview.items' }, title: vscode.l10n.t('Searching…') }, () => itemsContaining(doc.model.index.source, text))
      : undefined;
    doc.model.queue.setFilter(filter, hits);
    this._onDidChange.fire(doc);
  }

  /** The document's items that pass its filter, in file order, with their label status. */
  matching(doc: TranscriptDocument): Promise<Matched[]> {
    return doc.model.queue.matching();
  }

  /** The indices `j`/`k`/`n` may visit, or undefined when no filter is active (every item). */
  queue(doc: TranscriptDocument): Promise<number[] | undefined> {
    return doc.model.queue.indices();
  }

  dispose(): void {
    this._onDidChange.dispose();
  }
}

/** "benchmark: sycophancy, status: unlabeled" (no model names in blind mode). */
export function describeFilter(f: ItemFilter, blind: boolean): string {
  // On/off filters read as what they mean, never as their field names (`assignedToMe`).
  const switches: Record<string, string> = {
    rmDisagrees: vscode.l10n.t('reward model disagrees with me'),
    annotatorsDisagree: vscode.l10n.t('annotators disagree'),
    assignedToMe: vscode.l10n.t('assigned to me'),
  };
  const parts = Object.entries(f)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => (v === true ? (switches[k] ?? k) : `${k}: ${blind && k === 'model' ? vscode.l10n.t('(hidden in blind mode)') : String(v)}`));
  return parts.join(', ');
}
