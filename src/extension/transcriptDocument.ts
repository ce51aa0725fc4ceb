import * as vscode from 'vscode';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ItemSource } from '../core/dataset';
import type { IndexProgress } from '../core/lineIndex';
import type { Diagnostic } from '../core/diagnostic';
import { openSource, type OpenedSource } from '../node/input';
import { LabelStore } from '../node/labelStore';
import { OtherLabels } from '../node/otherLabels';
import { Disposable } from './dispose';

/** How often the labels folder is checked for changes made elsewhere (another window, git pull). */
const labelPollMs = 500;

/**
 * A transcript file (or a `.review.json` manifest of two runs) opened for review. Owns the item
 * source (indexed in the background), my label store and the other annotators' labels. Never
 * loads the data into a text model and never writes it.
 */
export class TranscriptDocument extends Disposable implements vscode.CustomDocument {
  private readonly _onDidIndex = this._register(new vscode.EventEmitter<IndexProgress & { done: boolean }>());
  /** Fires while indexing (throttled) and once when the index is complete. */
  readonly onDidIndex = this._onDidIndex.event;
  private readonly _onDidChangeLabels = this._register(new vscode.EventEmitter<void>());
  /** Fires when a label log changed on disk from outside this window. */
  readonly onDidChangeLabels = this._onDidChangeLabels.event;

  private readonly _onDidDispose = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this._onDidDispose.event;
  private readonly _abort = { aborted: false };
  readonly dataset: ItemSource;
  readonly others: OtherLabels;
  /** Resolves when the whole file is indexed. */
  readonly indexed: Promise<void>;
  private _othersSignature = '';
  private _poll: ReturnType<typeof setInterval> | undefined;

  /** Called by the provider's `openCustomDocument`. */
  static async create(uri: vscode.Uri, annotator: string): Promise<TranscriptDocument> {
    const opened = await openSource(uri.fsPath);
    const labels = new LabelStore(opened.labelsDir, annotator);
    await labels.load();
    const doc = new TranscriptDocument(uri, opened, labels);
    await doc.others.load();
    doc._othersSignature = await doc._signature();
    return doc;
  }

  private constructor(
    readonly uri: vscode.Uri,
    readonly opened: OpenedSource,
    readonly labels: LabelStore,
  ) {
    super();
    this.dataset = opened.source;
    this.others = new OtherLabels(labels.dir, labels.annotator);
    let last = 0;
    this.indexed = this.dataset
      .build((p) => {
        const now = Date.now();
        if (now - last < 100) return;
        last = now;
        this._onDidIndex.fire({ ...p, done: false });
      }, this._abort)
      .then(() => {
        if (!this.isDisposed) this._onDidIndex.fire({ bytesScanned: 1, totalBytes: 1, lines: this.dataset.count, done: true });
      });
    this._poll = setInterval(() => void this._checkLabels(), labelPollMs);
  }

  /** Problems of the input as a whole (a bad manifest, unpaired records); per-item ones come with items. */
  get problems(): Diagnostic[] {
    return [...this.opened.diagnostics, ...this.dataset.diagnostics];
  }

  /** Resolves once entry `i` exists (the scan has passed it), or false if the file has fewer. */
  async waitForEntry(i: number): Promise<boolean> {
    while (this.dataset.count <= i && !this.dataset.done && !this.isDisposed) {
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.dataset.count > i;
  }

  private async _checkLabels(): Promise<void> {
    try {
      const mine = await this.labels.changedOnDisk();
      const signature = await this._signature();
      const othersChanged = signature !== this._othersSignature;
      if (!mine && !othersChanged) return;
      if (mine) await this.labels.load();
      if (othersChanged) {
        this._othersSignature = signature;
        await this.others.load();
      }
      if (!this.isDisposed) this._onDidChangeLabels.fire();
    } catch {
      // a log mid-rename by git; the next poll sees the settled file
    }
  }

  /** Names, sizes and mtimes of the other annotators' logs: cheap to compare every poll. */
  private async _signature(): Promise<string> {
    let names: string[];
    try {
      names = (await readdir(this.labels.dir)).filter((n) => n.endsWith('.jsonl')).sort();
    } catch {
      return '';
    }
    const parts = await Promise.all(
      names
        .filter((n) => join(this.labels.dir, n) !== this.labels.file.path)
        .map(async (n) => {
          const s = await stat(join(this.labels.dir, n));
          return `${n}:${s.size}:${s.mtimeMs}`;
        }),
    );
    return parts.join('|');
  }

  override dispose(): void {
    this._abort.aborted = true;
    this._onDidDispose.fire();
    if (this._poll) clearInterval(this._poll);
    void this.opened.close();
    super.dispose();
  }
}
