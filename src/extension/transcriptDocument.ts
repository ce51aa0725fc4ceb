import * as vscode from 'vscode';
import { ReloadableSource } from '../core/reloadableSource';
import type { IndexProgress } from '../core/lineIndex';
import type { Diagnostic } from '../core/diagnostic';
import type { LabelFolder } from '../core/labelSink';
import { annotatorFileName } from '../core/labelPaths';
import { LabelStore } from '../core/labelStore';
import { OtherLabels } from '../core/otherLabels';
import { Disposable } from './dispose';
import { DatasetWatcher, type DatasetReload } from './datasetWatcher';
import type { FileRef, OpenedInput, Platform } from './platform';

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
  /** This document's own file (the dataset, or the manifest) as its diagnostics name it. */
  readonly file: FileRef;
  /** Swapped for a fresh index when the files change on disk (`onDidReload`). */
  readonly dataset: ReloadableSource;
  /** Fires after the input's files changed on disk and were indexed again. */
  readonly onDidReload: vscode.Event<DatasetReload>;
  readonly others: OtherLabels;
  /** Resolves when the whole file is indexed. */
  readonly indexed: Promise<void>;
  private _othersSignature = '';
  private _poll: ReturnType<typeof setInterval> | undefined;

  /** Called by the provider's `openCustomDocument`. */
  static async create(uri: vscode.Uri, annotator: string, platform: Platform): Promise<TranscriptDocument> {
    const opened = await platform.open(uri);
    const folder = platform.labelFolder(opened.labelsDir);
    const labels = new LabelStore(folder.log(annotatorFileName(annotator)), annotator);
    await labels.load();
    const doc = new TranscriptDocument(uri, opened, labels, folder, platform);
    await doc.others.load();
    doc._othersSignature = await doc._signature();
    return doc;
  }

  private constructor(
    readonly uri: vscode.Uri,
    readonly opened: OpenedInput,
    readonly labels: LabelStore,
    private readonly _folder: LabelFolder,
    private readonly _platform: Platform,
  ) {
    super();
    this.file = _platform.fileRef(uri);
    this.dataset = new ReloadableSource(opened.source);
    this.others = new OtherLabels(_folder, labels.annotator);
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
    this._poll = setInterval(() => void this._checkLabels(), _platform.labelPollMs);
    this.onDidReload = this._register(new DatasetWatcher(uri, this.dataset, _platform, this.indexed, this._abort)).onDidReload;
  }

  /** The URI of one of the input's files (`dataset.files`, `Diagnostic.file`). */
  fileUri(file: FileRef): vscode.Uri {
    return this._platform.fileUri(file);
  }

  /** Total size of the input's files (the Problems panel validates small inputs in full). */
  async inputBytes(): Promise<number> {
    const sizes = await Promise.all(this.dataset.files.map((f) => this._platform.fileSize(f)));
    return sizes.reduce((sum, n) => sum + n, 0);
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
    const mine = annotatorFileName(this.labels.annotator);
    const logs = await this._folder.list();
    return logs
      .filter((e) => e.name !== mine)
      .map((e) => `${e.name}:${e.size}:${e.mtime}`)
      .join('|');
  }

  override dispose(): void {
    this._abort.aborted = true;
    this._onDidDispose.fire();
    if (this._poll) clearInterval(this._poll);
    void this.opened.close();
    super.dispose();
  }
}
