import * as vscode from 'vscode';
import { alignTurns } from '../core/align';
import { wordDiff, type WordDiff } from '../core/wordDiff';
import { openLink } from './openLink';
import { messageText } from '../core/messageText';
import type { ReviewItem } from '../core/schema';
import { taxonomySchema, type Taxonomy } from '../core/taxonomy';
import { describeSchemaError } from '../core/schemaMessage';
import type { HostToWebview, RowDiff, ViewOptions, WebviewToHost } from '../protocol';
import type { TranscriptDocument } from './transcriptDocument';
import type { ViewState } from './viewState';
import { blindSeed, defaultSeverity } from './settings';
import { uriBaseName } from './uriName';

const retryMs = 2000;

export interface SessionDeps {
  view: ViewState;
  taxonomy: Taxonomy;
  log: vscode.LogOutputChannel;
  /** Tells every open review editor that view options changed. */
  broadcastView(options: ViewOptions): void;
  onProgress(): void;
  /** My labels on an item changed (Problems panel contradictions). */
  onLabelsChanged?(item: ReviewItem, line: number): void;
}

/**
 * One review editor tab: answers its webview's messages, remembers which item it shows, and
 * turns label requests into fsync'd events before acknowledging them.
 */
export class ReviewSession {
  index = 0;
  /** 1-based line of the shown item (for two runs: in the first run's file). */
  line = 1;
  item: ReviewItem | null = null;

  constructor(
    readonly document: TranscriptDocument,
    readonly panel: vscode.WebviewPanel,
    private readonly _deps: SessionDeps,
  ) {}

  /** The manifest's taxonomy when it has a valid one, else the setting's (or the default). */
  get taxonomy(): Taxonomy {
    const raw = this.document.opened.manifest?.taxonomy;
    if (raw === undefined) return this._deps.taxonomy;
    const parsed = taxonomySchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    void vscode.window.showErrorMessage(
      vscode.l10n.t('The taxonomy in {0} is invalid ({1}); using the default taxonomy.', uriBaseName(this.document.uri), describeSchemaError(parsed.error, 'taxonomy')),
    );
    return this._deps.taxonomy;
  }

  post(m: HostToWebview): void {
    void this.panel.webview.postMessage(m);
  }

  async handle(m: WebviewToHost): Promise<void> {
    const labels = this.document.labels;
    switch (m.type) {
      case 'webview/ready': {
        const position = this._deps.view.position(this.document.uri);
        this.post({
          type: 'document/didInit',
          fileName: uriBaseName(this.document.uri),
          annotator: labels.annotator,
          taxonomy: this.taxonomy,
          defaultSeverity: defaultSeverity(),
          blindSeed: blindSeed(),
          view: this._deps.view.options,
          position,
          problems: this.document.problems.filter((d) => d.severity === 'error').map((d) => d.message),
        });
        const { dataset } = this.document;
        this.post({ type: 'document/didIndex', count: dataset.count, done: dataset.done, fraction: dataset.done ? 1 : 0 });
        this.postProgress();
        return;
      }
      case 'item/show':
        return this.show(m.index);
      case 'item/showNextUnlabeled':
        return void vscode.commands.executeCommand('transcriptReview.nextUnlabeled');
      case 'item/goTo':
        return void vscode.commands.executeCommand('transcriptReview.goToItem');
      case 'item/revealRaw':
        return void vscode.commands.executeCommand('transcriptReview.revealRawLine');
      case 'label/add':
        return this._persist(m.requestId, m.draft.item, () => labels.add(m.draft));
      case 'label/remove': {
        const target = labels.state.get(m.target);
        return this._persist(m.requestId, target?.item ?? this.item?.id ?? '', () => labels.remove(m.target));
      }
      case 'label/undo':
      case 'label/redo': {
        const done = await (m.type === 'label/undo' ? labels.undo() : labels.redo()).catch((err: unknown) => {
          this.post({ type: 'label/didFail', requestId: m.requestId, message: String(err) });
          return null;
        });
        if (done === null) return;
        const item = done?.item;
        this.post({ type: 'label/didSave', requestId: m.requestId, item: item ?? '', labels: item ? labels.state.forItem(item) : [] });
        if (item && item === this.item?.id) {
          this._postLabels();
          this._deps.onLabelsChanged?.(this.item, this.line);
        }
        this._deps.onProgress();
        return;
      }
      case 'view/set': {
        const options = await this._deps.view.set(m.options);
        this._deps.broadcastView(options);
        return;
      }
      case 'link/open':
        return void openLink(m.url);
    }
  }

  /** Reads item `index` and sends it with its diffs and labels. */
  async show(index: number): Promise<void> {
    if (!(await this.document.waitForEntry(index))) return;
    this.index = index;
    void this._deps.view.setPosition(this.document.uri, index);
    const result = await this.document.dataset.item(index);
    this.item = result.item ?? null;
    this.line = result.line;
    const item = result.item;
    const turns = item ? alignTurns(item.sides[0].messages, item.sides[1].messages) : [];
    this.post({
      type: 'item/didShow',
      index,
      count: this.document.dataset.count,
      line: result.line,
      item: item ?? null,
      turns,
      diffs: item ? rowDiffs(item, turns) : [],
      errors: [
        ...result.diagnostics.map((d) => d.message),
        ...(result.transcript && !item
          ? [vscode.l10n.t('This file holds single transcripts of one run, not comparisons. Run "Transcript Review: Compare Two Runs…" to pair it with another run.')]
          : []),
      ],
      labels: item ? this.document.labels.state.forItem(item.id) : [],
      others: item ? this.document.others.forItem(item.id) : [],
    });
  }

  postProgress(): void {
    this.post({ type: 'progress/didChange', labeled: this.document.labels.labeledCount(), total: this.document.dataset.count });
  }

  /** After a change on disk: refresh the labels of the shown item, keep everything else. */
  refreshLabels(): void {
    this._postLabels();
    this.postProgress();
  }

  private _postLabels(): void {
    if (!this.item) return;
    this.post({
      type: 'labels/didChange',
      item: this.item.id,
      labels: this.document.labels.state.forItem(this.item.id),
      others: this.document.others.forItem(this.item.id),
    });
  }

  /**
   * Runs a label write; acknowledges it only once on disk. A failed write is reported and
   * retried every few seconds until it lands: nothing is dropped.
   */
  private async _persist(requestId: string, item: string, write: () => Promise<unknown>): Promise<void> {
    const attempt = async (): Promise<boolean> => {
      try {
        await write();
        this.post({ type: 'label/didSave', requestId, item, labels: this.document.labels.state.forItem(item) });
        this._deps.onProgress();
        if (this.item?.id === item) this._deps.onLabelsChanged?.(this.item, this.line);
        return true;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this._deps.log.error(`label write failed, retrying: ${message}`);
        this.post({ type: 'label/didFail', requestId, message });
        return false;
      }
    };
    if (await attempt()) return;
    const timer = setInterval(async () => {
      if (await attempt()) clearInterval(timer);
    }, retryMs);
    this.panel.onDidDispose(() => clearInterval(timer));
  }
}

/** Word diffs of every aligned row where both sides have an assistant message. */
function rowDiffs(item: ReviewItem, turns: ReturnType<typeof alignTurns>): RowDiff[] {
  const out: RowDiff[] = [];
  for (const [l, r] of turns) {
    if (l === null || r === null) continue;
    const a = item.sides[0].messages[l]!;
    const b = item.sides[1].messages[r]!;
    if (a.role !== 'assistant' || b.role !== 'assistant') continue;
    const row: RowDiff = { left: l, right: r };
    const ta = messageText(a);
    const tb = messageText(b);
    if (ta || tb) row.content = limitMarks(wordDiff(ta, tb));
    if (a.reasoning && b.reasoning) row.reasoning = limitMarks(wordDiff(a.reasoning, b.reasoning));
    out.push(row);
  }
  return out;
}

/** Past this many highlighted ranges a message stops being readable and slow to render. */
const maxDiffRanges = 4000;

function limitMarks(d: WordDiff): WordDiff {
  if (d.left.length + d.right.length <= maxDiffRanges) return d;
  return { left: [], right: [], granularity: 'none', note: `${(d.left.length + d.right.length).toLocaleString('en-US')} changed passages: too many to highlight` };
}
