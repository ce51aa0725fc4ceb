import * as vscode from 'vscode';
import { isPositionalId, labelStatus, matches, summarize, type ItemFilter, type ItemSummary } from '../core/itemSummary';
import { messageText } from '../core/messageText';
import type { AddEvent } from '../core/labelEvent';
import type { EditorRegistry } from './editorRegistry';
import type { TranscriptDocument } from './transcriptDocument';
import { breathe } from './breathe';

const pageSize = 200;

type Node = { kind: 'item'; summary: ItemSummary; status: ReturnType<typeof labelStatus> } | { kind: 'more'; shown: number; total: number } | { kind: 'info'; text: string };

/** Per-document summaries, built once by one sequential scan (a few strings per item). */
const summaryCache = new WeakMap<TranscriptDocument, Promise<ItemSummary[]>>();

export function summaries(document: TranscriptDocument): Promise<ItemSummary[]> {
  let p = summaryCache.get(document);
  if (!p) {
    p = (async () => {
      await document.indexed;
      const out: ItemSummary[] = [];
      let i = 0;
      for await (const r of document.dataset.items()) {
        if (r.item) out.push(summarize(r.index, r.item));
        if (++i % 2000 === 0) await breathe();
      }
      return out;
    })();
    summaryCache.set(document, p);
  }
  return p;
}

/**
 * The item list in the Explorer: ids with label status for the active review editor, filtered,
 * shown a page at a time so 100k items stay fast.
 */
export class ItemList implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this._onDidChange.event;
  private _filter: ItemFilter = {};
  private _textMatches: Set<number> | undefined;
  private _limit = pageSize;
  private _document: TranscriptDocument | undefined;
  private _shown = new Map<number, Node>();
  private _current: number | undefined;
  private _revealTimer: ReturnType<typeof setTimeout> | undefined;
  view: vscode.TreeView<Node> | undefined;

  constructor(private readonly _registry: EditorRegistry) {}

  get filter(): ItemFilter {
    return this._filter;
  }

  refresh(): void {
    const doc = this._registry.active?.document;
    if (doc !== this._document) {
      this._document = doc;
      this._limit = pageSize;
      this._current = undefined;
    }
    this._onDidChange.fire();
  }

  async setFilter(filter: ItemFilter): Promise<void> {
    this._filter = filter;
    this._limit = pageSize;
    this._textMatches = filter.text && this._document ? await textSearch(this._document, filter.text) : undefined;
    if (this.view) this.view.description = describe(filter);
    void vscode.commands.executeCommand('setContext', 'transcriptReview.itemsFiltered', Object.keys(filter).length > 0);
    this._onDidChange.fire();
  }

  showMore(): void {
    this._limit += pageSize;
    this._onDidChange.fire();
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'more') {
      const item = new vscode.TreeItem(vscode.l10n.t('Show more ({0} of {1})', node.shown.toLocaleString('en-US'), node.total.toLocaleString('en-US')));
      item.command = { command: 'transcriptReview.itemsShowMore', title: vscode.l10n.t('Show more') };
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      return item;
    }
    if (node.kind === 'info') {
      const item = new vscode.TreeItem(node.text);
      item.iconPath = new vscode.ThemeIcon('info');
      return item;
    }
    const s = node.summary;
    // An id that is only a line number says nothing: the row leads with the prompt instead.
    const positional = isPositionalId(s.id) && !!s.preview;
    const item = new vscode.TreeItem(positional ? s.preview : s.id);
    item.id = `${s.index}`;
    item.description = [positional ? s.id : s.preview, s.domain, s.benchmark, s.split].filter(Boolean).join(' · ');
    item.tooltip = `${s.id}\n${s.preview}\n${s.models.join(' vs ')}\n${vscode.l10n.t('Traits')}: ${s.traits.join(', ') || '—'}\n${vscode.l10n.t('Status')}: ${node.status}`;
    item.iconPath = new vscode.ThemeIcon(
      node.status === 'labeled' ? 'pass-filled' : node.status === 'partial' ? 'circle-large-filled' : 'circle-large-outline',
      node.status === 'labeled' ? new vscode.ThemeColor('testing.iconPassed') : undefined,
    );
    item.command = { command: 'transcriptReview.openItem', title: vscode.l10n.t('Open item'), arguments: [s.index] };
    item.accessibilityInformation = { label: `${s.id}, ${node.status}` };
    return item;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node) return [];
    const doc = this._document ?? this._registry.active?.document;
    this._document = doc;
    if (!doc) return [{ kind: 'info', text: vscode.l10n.t('Open a transcript in the review editor to list its items.') }];
    if (this.view) this.view.message = vscode.l10n.t('Reading items…');
    const all = await summaries(doc);
    if (this.view) this.view.message = undefined;
    const state = doc.labels.state;
    const others = doc.others;
    const out: Node[] = [];
    let total = 0;
    for (const s of all) {
      const mine = state.forItem(s.id);
      if (!matches(s, mine, this._filter)) continue;
      if (this._textMatches && !this._textMatches.has(s.index)) continue;
      if (this._filter.annotatorsDisagree && !annotatorsDisagree(mine, others.forItem(s.id))) continue;
      total++;
      if (out.length < this._limit) out.push({ kind: 'item', summary: s, status: labelStatus(mine) });
    }
    if (total > out.length) out.push({ kind: 'more', shown: out.length, total });
    if (!total) out.push({ kind: 'info', text: vscode.l10n.t('No items match the filter.') });
    this._shown = new Map(out.flatMap((n) => (n.kind === 'item' ? [[n.summary.index, n] as const] : [])));
    this.showCurrent();
    return out;
  }

  /** Flat list: every row is a root (needed for `reveal`). */
  getParent(): undefined {
    return undefined;
  }

  /**
   * Selects the row of the item the active review editor shows (`index`, or the session's own),
   * if it is listed. Deferred and coalesced: the tree must have the rows from the last
   * `getChildren` before a row can be revealed, and refreshes come in bursts.
   */
  showCurrent(index?: number): void {
    if (index !== undefined) this._current = index;
    clearTimeout(this._revealTimer);
    this._revealTimer = setTimeout(() => {
      const i = this._current ?? this._registry.active?.index;
      const node = i === undefined ? undefined : this._shown.get(i);
      if (node && this.view?.visible) void Promise.resolve(this.view.reveal(node, { select: true, focus: false })).catch(() => undefined); // the row went away meanwhile
    }, 200);
  }

  dispose(): void {
    clearTimeout(this._revealTimer);
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

function describe(f: ItemFilter): string {
  const parts = Object.entries(f)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => (v === true ? k : `${k}: ${String(v)}`));
  return parts.join(', ');
}

/** The palette's "Filter Items…": pick what to filter on, then the value. */
export async function pickFilter(list: ItemList, doc: TranscriptDocument | undefined): Promise<void> {
  if (!doc) return;
  const all = await summaries(doc);
  const values = (pick: (s: ItemSummary) => (string | undefined)[]) => [...new Set(all.flatMap(pick).filter((v): v is string => !!v))].sort();
  const fields: { label: string; key: keyof ItemFilter; options?: string[] }[] = [
    { label: vscode.l10n.t('Domain'), key: 'domain', options: values((s) => [s.domain]) },
    { label: vscode.l10n.t('Benchmark'), key: 'benchmark', options: values((s) => [s.benchmark]) },
    { label: vscode.l10n.t('Trait'), key: 'trait', options: values((s) => s.traits) },
    { label: vscode.l10n.t('Model'), key: 'model', options: values((s) => s.models) },
    { label: vscode.l10n.t('Split'), key: 'split', options: values((s) => [s.split]) },
    { label: vscode.l10n.t('Label status'), key: 'status', options: ['labeled', 'partial', 'unlabeled'] },
    { label: vscode.l10n.t('Text search'), key: 'text' },
    { label: vscode.l10n.t('Reward model disagrees with my preference'), key: 'rmDisagrees' },
    { label: vscode.l10n.t('Annotators disagree'), key: 'annotatorsDisagree' },
    { label: vscode.l10n.t('Clear all filters'), key: 'clear' as keyof ItemFilter },
  ];
  const field = await vscode.window.showQuickPick(fields, { title: vscode.l10n.t('Filter items by') });
  if (!field) return;
  if ((field.key as string) === 'clear') return list.setFilter({});
  if (field.key === 'rmDisagrees' || field.key === 'annotatorsDisagree') return list.setFilter({ ...list.filter, [field.key]: true });
  if (field.key === 'text') {
    const text = await vscode.window.showInputBox({ title: vscode.l10n.t('Items containing text'), value: list.filter.text });
    if (text !== undefined) await list.setFilter({ ...list.filter, text: text || undefined });
    return;
  }
  const value = await vscode.window.showQuickPick(field.options ?? [], { title: field.label });
  if (value) await list.setFilter({ ...list.filter, [field.key]: value });
}
