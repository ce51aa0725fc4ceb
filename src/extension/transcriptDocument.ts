import * as vscode from 'vscode';
import { Dataset } from '../core/dataset';
import type { IndexProgress } from '../core/lineIndex';
import { openFileSource, type FileSource } from '../node/fileSource';
import { LabelStore } from '../node/labelStore';
import { Disposable } from './dispose';

/**
 * A JSONL transcript file opened for review. Owns the line index (built in the background)
 * and my label store. Never loads the file into a text model and never writes it.
 */
export class TranscriptDocument extends Disposable implements vscode.CustomDocument {
  private readonly _onDidIndex = this._register(new vscode.EventEmitter<IndexProgress & { done: boolean }>());
  /** Fires while indexing (throttled) and once when the index is complete. */
  readonly onDidIndex = this._onDidIndex.event;
  private readonly _onDidDispose = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this._onDidDispose.event;

  private readonly _abort = { aborted: false };
  /** Resolves when the whole file is indexed. */
  readonly indexed: Promise<void>;

  /** Called by the provider's `openCustomDocument`. */
  static async create(uri: vscode.Uri, annotator: string): Promise<TranscriptDocument> {
    const source = await openFileSource(uri.fsPath);
    const labels = new LabelStore(uri.fsPath, annotator);
    await labels.load();
    return new TranscriptDocument(uri, source, labels);
  }

  private constructor(
    readonly uri: vscode.Uri,
    private readonly _source: FileSource,
    readonly labels: LabelStore,
  ) {
    super();
    this.dataset = new Dataset(_source, uri.fsPath);
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
  }

  readonly dataset: Dataset;

  /** Resolves once entry `i` exists (the scan has passed it), or false if the file has fewer. */
  async waitForEntry(i: number): Promise<boolean> {
    while (this.dataset.count <= i && !this.dataset.index.done && !this.isDisposed) {
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.dataset.count > i;
  }

  override dispose(): void {
    this._abort.aborted = true;
    this._onDidDispose.fire();
    void this._source.close();
    super.dispose();
  }
}
