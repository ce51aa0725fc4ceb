import * as vscode from 'vscode';
import { labelStatus, matches, type ItemFilter, type ItemSummary, type LabelStatus } from '../../core/review/itemSummary';
import { messageText } from '../../core/messageText';
import type { AddEvent } from '../../core/labels/labelEvent';
import type { TranscriptDocument } from '../editor/transcriptDocument';

export interface Matched {
  summary: ItemSummary;
  status: LabelStatus;
}

interface Entry {
  filter: ItemFilter;
  /** Indices of the items containing the text filter's text, in this document. */
  text?: Set<number>;
}

/**
 * Each document's item filter: the Transcript Items view lists what it lets through, and `j`,
 * `k` and `n` walk only those items. A filter belongs to its file — opening another starts with
 * none, and switching back finds it as it was.
 */
export class ItemFilters implements vscode.Disposable {
  private readonly _entries = new WeakMap<TranscriptDocument, Entry>();
  private readonly _onDidChange = new vscode.EventEmitter<TranscriptDocument>();
  /** A document's filter changed. */
  readonly onDidChange = this._onDidChange.event;

  get(doc: TranscriptDocument | undefined): ItemFilter {
    return (doc && this._entries.get(doc)?.filter) || {};
  }

  isActive(doc: TranscriptDocument | undefined): boolean {
    return Object.values(this.get(doc)).some((v) => v !== undefined && v !== false);
  }

  async set(doc: TranscriptDocument, filter: ItemFilter): Promise<void> {
    const text = filter.text ? await textSearch(doc, filter.text) : undefined;
    this._entries.set(doc, { filter, text });
    this._onDidChange.fire(doc);
  }

  /** The document's items that pass its filter, in file order, with their label status. */
  async matching(doc: TranscriptDocument): Promise<Matched[]> {
    const { filter, text } = this._entries.get(doc) ?? { filter: {} };
    const all = await doc.summaries();
    const state = doc.labels.state;
    const mine = filter.assignedToMe ? (await doc.assignment())?.mine : undefined;
    const out: Matched[] = [];
    for (const s of all) {
      const labels = state.forItem(s.id);
      if (!matches(s, labels, filter)) continue;
      if (text && !text.has(s.index)) continue;
      if (filter.annotatorsDisagree && !annotatorsDisagree(labels, doc.others.forItem(s.id))) continue;
      if (mine && !mine.has(s.id)) continue;
      out.push({ summary: s, status: labelStatus(labels) });
    }
    return out;
  }

  /** The indices `j`/`k`/`n` may visit, or undefined when no filter is active (every item). */
  async queue(doc: TranscriptDocument): Promise<number[] | undefined> {
    if (!this.isActive(doc)) return undefined;
    return (await this.matching(doc)).map((m) => m.summary.index);
  }

  dispose(): void {
    this._onDidChange.dispose();
  }
}

/** Overall preferences of everyone who gave one, and whether they differ. */
function annotatorsDisagree(mine: readonly AddEvent[], others: readonly AddEvent[]): boolean {
  const values = new Set([...mine, ...others].flatMap((l) => (l.kind === 'preference' && !l.trait ? [l.value] : [])));
  return values.size > 1;
}

async function textSearch(doc: TranscriptDocument, text: string): Promise<Set<number>> {
  const needle = text.toLowerCase();
  const found = new Set<number>();
  await vscode.window.withProgress({ location: { viewId: 'transcriptReview.items' }, title: vscode.l10n.t('Searching…') }, async () => {
    for await (const r of doc.dataset.items()) {
      const item = r.item;
      if (!item) continue;
      const haystack = [item.id, ...item.prompt.map(messageText), ...item.sides.flatMap((s) => s.messages.map((m) => `${messageText(m)}\n${m.reasoning ?? ''}`))].join('\n');
      if (haystack.toLowerCase().includes(needle)) found.add(r.index);
    }
  });
  return found;
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
