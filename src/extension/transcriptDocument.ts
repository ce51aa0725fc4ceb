import * as vscode from 'vscode';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Dataset } from '../core/dataset';
import type { IndexProgress } from '../core/lineIndex';
import { openFileSource, type FileSource } from '../node/fileSource';
import { LabelStore } from '../node/labelStore';
import { OtherLabels } from '../node/otherLabels';
import { Disposable } from './dispose';

/** How often the labels folder is checked for changes made elsewhere (another window, git pull). */
const labelPollMs = 500;

/**
 * A JSONL transcript file opened for review. Owns the line index (built in the background),
 * my label store and the other annotators' labels. Never loads the file into a text model and
 * never writes it.
 */
export class TranscriptDocument extends Disposable implements vscode.CustomDocument {
  private readonly _onDidIndex = this._register(new vscode.EventEmitter<IndexProgress & { done: boolean }>());
  /** Fires while indexing (throttled) and once when the index is complete. */
  readonly onDidIndex = this._onDidIndex.event;
  private readonly _onDidChangeLabels = this._register(new vscode.EventEmitter<void>());
  /** Fires when a label log changed on disk from outside this window. */
  readonly onDidChangeLabels = this._onDidChangeLabels.event;

  private readonly _abort = { aborted: false };
  readonly dataset: Dataset;
  readonly others: OtherLabels;
  /** Resolves when the whole file is indexed. */
  readonly indexed: Promise<void>;
  private _othersSignature = '';
  private _poll: ReturnType<typeof setInterval> | undefined;

  /** Called by the provider's `openCustomDocument`. */
  static async create(uri: vscode.Uri, annotator: string): Promise<TranscriptDocument> {
    const source = await openFileSource(uri.fsPath);
    const labels = new LabelStore(uri.fsPath, annotator);
    await labels.load();
    const doc = new TranscriptDocument(uri, source, labels);
    await doc.others.load();
    doc._othersSignature = await doc._signature();
    return doc;
  }

  private constructor(
    readonly uri: vscode.Uri,
    private readonly _source: FileSource,
    readonly labels: LabelStore,
  ) {
    super();
    this.dataset = new Dataset(_source, uri.fsPath);
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
        if (!this.isDisposed) this._onDidIndex.fire({ bytesScanned: _source.size, totalBytes: _source.size, lines: this.dataset.count, done: true });
      });
    this._poll = setInterval(() => void this._checkLabels(), labelPollMs);
  }

  /** Resolves once entry `i` exists (the scan has passed it), or false if the file has fewer. */
  async waitForEntry(i: number): Promise<boolean> {
    while (this.dataset.count <= i && !this.dataset.index.done && !this.isDisposed) {
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
    if (this._poll) clearInterval(this._poll);
    void this._source.close();
    super.dispose();
  }
}
