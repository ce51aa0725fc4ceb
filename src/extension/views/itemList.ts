import * as vscode from 'vscode';
import { isPositionalId, labelStatus, type ItemFilter, type ItemSummary, type LabelStatus } from '../../core/review/itemSummary';
import type { EditorRegistry } from '../editor/editorRegistry';
import type { TranscriptDocument } from '../editor/transcriptDocument';
import { describeFilter, type ItemFilters } from './itemFilters';
import { labelWithHits } from '../../core/review/textSearch';
import type { EarlyList } from '../../core/review/earlyList';
import { askText, pickOne } from '../quickInput';

const pageSize = 200;

/** `described`: a row the log describes (an `.eval`'s summaries) whose sample is not read yet, so some fields are unchecked. */
type Node = { kind: 'item'; summary: ItemSummary; status: ReturnType<typeof labelStatus>; described?: boolean } | { kind: 'more'; shown: number; total: number } | { kind: 'info'; text: string };

/**
 * The item list in the Explorer: ids with label status for the active review editor, filtered,
 * shown a page at a time so 100k items stay fast.
 */
export class ItemList implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this._onDidChange.event;
  private _limit = pageSize;
  private _document: TranscriptDocument | undefined;
  private _shown = new Map<number, Node>();
  private _current: number | undefined;
  private _revealTimer: ReturnType<typeof setTimeout> | undefined;
  /** The early rows listed (an `.eval` before its samples are read), while they are. */
  private _early: EarlyList | undefined;
  view: vscode.TreeView<Node> | undefined;

  /** `blind`: blind mode is on, so no model or real side name may show. */
  constructor(
    private readonly _registry: EditorRegistry,
    readonly blind: () => boolean,
    readonly filters: ItemFilters,
  ) {}

  /** The filter of the file the list shows. */
  get filter(): ItemFilter {
    return this.filters.get(this._document ?? this._registry.active?.document);
  }

  /** The active review editor changed (or its items did): list its file, with its own filter. */
  refresh(): void {
    const doc = this._registry.active?.document;
    if (doc !== this._document) {
      this._document = doc;
      this._limit = pageSize;
      this._current = undefined;
      this._shown = new Map();
    }
    this._describe();
    this._onDidChange.fire();
  }

  /** Sets the filter of the listed file (none listed: nothing to filter). */
  async setFilter(filter: ItemFilter): Promise<void> {
    const doc = this._document ?? this._registry.active?.document;
    if (!doc) return;
    this._limit = pageSize;
    await this.filters.set(doc, filter);
    this._describe();
    this._onDidChange.fire();
  }

  private _describe(): void {
    const doc = this._document;
    const active = this.filters.isActive(doc);
    if (this.view) this.view.description = active ? describeFilter(this.filters.get(doc), this.blind()) : undefined;
    void vscode.commands.executeCommand('setContext', 'transcriptReview.itemsFiltered', active);
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
    const label = positional ? s.preview : s.id;
    // A text search marks its hits: in the label, or in a snippet of the prompt after it.
    const query = this.filters.get(this._document).text;
    const marked = query ? labelWithHits(label, positional ? s.id : s.preview, query) : undefined;
    const item = new vscode.TreeItem(marked ?? label);
    // Per file: a row of another file's list is never taken for this one's.
    item.id = `${this._document?.uri.toString() ?? ''}#${s.index}`;
    item.description = [positional ? s.id : s.preview, s.domain, s.benchmark, s.split].filter(Boolean).join(' · ');
    const models = this.blind() ? [] : [s.models.join(' vs ')];
    const described = node.described ? [vscode.l10n.t("As the log's summaries describe the sample: checked when it is read")] : [];
    item.tooltip = [s.id, s.preview, ...models, `${vscode.l10n.t('Traits')}: ${s.traits.join(', ') || '—'}`, `${vscode.l10n.t('Status')}: ${node.status}`, ...described].filter(Boolean).join('\n');
    // The unchecked part of the row is marked: what the log describes may not be what the sample holds.
    if (node.described && item.description) item.description = `≈ ${String(item.description)}`;
    item.iconPath = new vscode.ThemeIcon(
      node.status === 'labeled' ? 'pass-filled' : node.status === 'partial' ? 'circle-large-filled' : 'circle-large-outline',
      node.status === 'labeled' ? new vscode.ThemeColor('testing.iconPassed') : undefined,
    );
    item.command = { command: 'transcriptReview.openItem', title: vscode.l10n.t('Open item'), arguments: [s.index, this._document?.uri.toString()] };
    item.accessibilityInformation = { label: `${s.id}, ${node.status}` };
    return item;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node) return [];
    const doc = this._document ?? this._registry.active?.document;
    this._document = doc;
    if (!doc) return [{ kind: 'info', text: vscode.l10n.t('Open a transcript in the review editor to list its items.') }];
    // An `.eval` lists its rows before its samples are read; a filter waits for the rows made from every sample.
    const index = doc.model.index;
    const early = !index.summariesReady && !this.filters.isActive(doc) ? await index.early() : undefined;
    // The list of every sample replaces these rows once made: asked for once per early list, not on every refresh.
    if (early && early !== this._early) {
      void index.summaries().then(
        () => this._document === doc && this._onDidChange.fire(),
        () => undefined,
      );
    }
    this._early = early;
    if (early) {
      // Rows are made a page at a time: only the shown ones read their summaries.
      const out: Node[] = early.rows(0, this._limit).map((s) => ({ kind: 'item', summary: s, status: labelStatus(doc.model.book.forItem(s.id)), described: early.describes(s.index) }));
      if (early.count > out.length) out.push({ kind: 'more', shown: out.length, total: early.count });
      this._shown = new Map(out.flatMap((n) => (n.kind === 'item' ? [[n.summary.index, n] as const] : [])));
      this.showCurrent();
      return out;
    }
    if (this.view) this.view.message = vscode.l10n.t('Reading items…');
    const matched = await this.filters.matching(doc);
    if (this.view) this.view.message = undefined;
    if (doc !== this._document) return [];
    const total = matched.length;
    const out: Node[] = matched.slice(0, this._limit).map((m) => ({ kind: 'item', summary: m.summary, status: m.status }));
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
      // A described row whose sample was just shown is made again from it (the sample wins), then revealed.
      if (node?.kind === 'item' && node.described && !this._early?.describes(node.summary.index)) return this._onDidChange.fire();
      if (node && this.view?.visible) void Promise.resolve(this.view.reveal(node, { select: true, focus: false })).catch(() => undefined); // the row went away meanwhile
    }, 200);
  }

  dispose(): void {
    clearTimeout(this._revealTimer);
    this._onDidChange.dispose();
  }
}

/** The palette's "Filter Items…": pick what to filter on, then the value. */
export async function pickFilter(list: ItemList, doc: TranscriptDocument | undefined): Promise<void> {
  if (!doc) return;
  const all = await doc.model.index.summaries();
  // Each value with how many items have it, so the pick says what a choice leaves.
  const values = (pick: (s: ItemSummary) => (string | undefined)[]) => {
    const counts = new Map<string, number>();
    for (const s of all) for (const v of new Set(pick(s))) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([value, n]) => ({ value, n }));
  };
  const statuses = () => {
    const counts = new Map<LabelStatus, number>();
    for (const s of all) {
      const st = labelStatus(doc.model.book.forItem(s.id));
      counts.set(st, (counts.get(st) ?? 0) + 1);
    }
    return (['labeled', 'partial', 'unlabeled'] as const).map((value) => ({ value, n: counts.get(value) ?? 0 }));
  };
  const fields: { label: string; key: keyof ItemFilter; options?: { value: string; n: number }[] }[] = [
    { label: vscode.l10n.t('Domain'), key: 'domain', options: values((s) => [s.domain]) },
    { label: vscode.l10n.t('Benchmark'), key: 'benchmark', options: values((s) => [s.benchmark]) },
    { label: vscode.l10n.t('Trait'), key: 'trait', options: values((s) => s.traits) },
    // Blind mode hides which model wrote what, so no model can be picked while it is on.
    ...(list.blind() ? [] : [{ label: vscode.l10n.t('Model'), key: 'model' as const, options: values((s) => s.models) }]),
    { label: vscode.l10n.t('Split'), key: 'split', options: values((s) => [s.split]) },
    { label: vscode.l10n.t('Label status'), key: 'status', options: statuses() },
    { label: vscode.l10n.t('Text search'), key: 'text' },
    { label: vscode.l10n.t('Reward model disagrees with my preference'), key: 'rmDisagrees' },
    { label: vscode.l10n.t('Annotators disagree'), key: 'annotatorsDisagree' },
    ...(doc.model.queue.campaign ? [{ label: vscode.l10n.t('Assigned to me (campaign queue)'), key: 'assignedToMe' as const }] : []),
    { label: vscode.l10n.t('Clear all filters'), key: 'clear' as keyof ItemFilter },
  ];
  const field = await pickOne(fields, { title: vscode.l10n.t('Filter items by') });
  if (!field) return;
  if ((field.key as string) === 'clear') return list.setFilter({});
  if (field.key === 'rmDisagrees' || field.key === 'annotatorsDisagree' || field.key === 'assignedToMe') return list.setFilter({ ...list.filter, [field.key]: true });
  if (field.key === 'text') {
    const text = await askText({ title: vscode.l10n.t('Items containing text'), value: list.filter.text });
    if (text !== undefined) await list.setFilter({ ...list.filter, text: text || undefined });
    return;
  }
  const value = await pickOne(
    (field.options ?? []).map((o) => ({ label: o.value, description: vscode.l10n.t('{0} items', o.n.toLocaleString('en-US')) })),
    { title: field.label },
  );
  if (value) await list.setFilter({ ...list.filter, [field.key]: value.label });
}
