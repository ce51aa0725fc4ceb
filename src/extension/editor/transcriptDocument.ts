import * as vscode from 'vscode';
import { ReviewModel } from '../../core/review/reviewModel';
import { guidelinesVersion } from './guidelinesVersion';
import type { IndexEvent } from '../../core/review/itemIndex';
import type { BookChanged } from '../../core/review/labelBook';
import type { ItemSummary } from '../../core/review/itemSummary';
import type { Taxonomy } from '../../core/taxonomy';
import { pacer } from '../breathe';
import { uriBaseName } from '../platform/uriName';
import { Disposable } from '../dispose';
import { DatasetWatcher, type DatasetReload } from './datasetWatcher';
import type { FileRef, OpenedInput, Platform } from '../platform/platform';

export interface DocumentOptions {
  /** The taxonomy from the settings (or the default). */
  taxonomy: () => Taxonomy;
  /** Why labels cannot be written now (Restricted Mode), or undefined. */
  readOnly: () => string | undefined;
}

/** Indexing progress is posted at most this often (the index's own event fires per chunk). */
const indexEventMs = 100;

/**
 * A transcript file (or a `.review.json` manifest) open for review: the review model (core) plus
 * what needs VS Code — its events, the watchers of the input's files and of the label logs, and
 * the popups raised from the model's problems. Never loads the data into a text model.
 */
export class TranscriptDocument extends Disposable implements vscode.CustomDocument {
  private readonly _onDidIndex = this._register(new vscode.EventEmitter<IndexEvent>());
  private readonly _onDidChangeLabels = this._register(new vscode.EventEmitter<BookChanged>());
  private readonly _onDidDispose = this._register(new vscode.EventEmitter<void>());
  /** Fires while indexing (throttled) and once when the index is complete. */
  readonly onDidIndex = this._onDidIndex.event;
  /** My writes and changes on disk made elsewhere; the editor, status bar, item list and Problems follow it. */
  readonly onDidChangeLabels = this._onDidChangeLabels.event;
  readonly onDidDispose = this._onDidDispose.event;
  /** Fires after the input's files changed on disk and were indexed again. */
  readonly onDidReload: vscode.Event<DatasetReload>;
  /** This document's own file (the dataset, or the manifest) as its diagnostics name it. */
  readonly file: FileRef;
  private readonly _pollLabels: ReturnType<typeof setInterval>;

  /** Called by the provider's `openCustomDocument`. */
  static async create(uri: vscode.Uri, annotator: string, platform: Platform, options: DocumentOptions): Promise<TranscriptDocument> {
    const opened = await platform.open(uri);
    const abort = { aborted: false };
    const guidelines = await guidelinesVersion(uri, opened.manifest?.campaign?.guidelines);
    const model = await ReviewModel.open(opened, platform.labelFolder(opened.labelsDir), abort, {
      annotator,
      guidelines,
      name: uriBaseName(uri),
      taxonomy: options.taxonomy,
      readOnly: options.readOnly,
      summaries: platform.summaries?.bind(platform),
      pace: pacer,
      selection: () => readSelectionOnce(platform, opened.labelsDir, uri),
    });
    if (model.taxonomyProblem) void vscode.window.showErrorMessage(vscode.l10n.t('The taxonomy in {0} is invalid ({1}); using the default taxonomy.', uriBaseName(uri), model.taxonomyProblem));
    return new TranscriptDocument(uri, opened, model, platform, abort);
  }

  private constructor(
    readonly uri: vscode.Uri,
    readonly opened: OpenedInput,
    readonly model: ReviewModel,
    private readonly _platform: Platform,
    private readonly _abort: { aborted: boolean },
  ) {
    super();
    this.file = _platform.fileRef(uri);
    let last = 0;
    const stopIndex = model.index.onProgress((p) => {
      const now = Date.now();
      if (!p.done && now - last < indexEventMs) return;
      last = now;
      if (!this.isDisposed) this._onDidIndex.fire(p);
    });
    const stopLabels = model.book.onDidChange((e) => this._onDidChangeLabels.fire(e));
    this._register({ dispose: () => (stopIndex(), stopLabels()) });
    // Label logs change elsewhere (another window, a teammate's git pull): looked at on a timer.
    this._pollLabels = setInterval(() => {
      void model.book.refresh().catch(() => undefined); // a log mid-rename: the next poll sees it settled
      void this._followSelection();
    }, _platform.labelPollMs);
    const watcher = new DatasetWatcher(uri, model.index.source, (next) => model.reload(next), _platform, model.index.built, _abort);
    this.onDidReload = this._register(watcher).onDidReload;
  }

  /** The selection file's stamp when the queue was last built (`null`: not looked at yet). */
  private _selectionStamp: string | undefined | null = null;

  /**
   * Under `"select": "active"` the queue is the items `next` drew: when the selection file changes
   * (a new draw, a `git pull`), the queue is built again and the counts follow.
   */
  private async _followSelection(): Promise<void> {
    if (this.model.queue.campaign?.select !== 'active' || this.isDisposed) return;
    const stamp = await this._platform.selectionStamp(this.opened.labelsDir).catch(() => undefined);
    const before = this._selectionStamp;
    this._selectionStamp = stamp;
    if (before === null || before === stamp || this.isDisposed) return;
    this.model.queue.reset();
    await this.model.queue.assignment().catch(() => undefined);
    if (!this.isDisposed) this._onDidChangeLabels.fire({ cause: 'outside', others: true });
  }

  /** The URI of one of the input's files (`Diagnostic.file`, the index's `files`). */
  fileUri(file: FileRef): vscode.Uri {
    return this._platform.fileUri(file);
  }

  /** Total size of the input's files (the Problems panel validates small inputs in full). */
  async inputBytes(): Promise<number> {
    const sizes = await Promise.all(this.model.index.source.files.map((f) => this._platform.fileSize(f)));
    return sizes.reduce((sum, n) => sum + n, 0);
  }

  /** The summaries, with a progress notification titled `title` only while they are still being built. */
  summariesWithProgress(title: string): Promise<ItemSummary[]> {
    const index = this.model.index;
    if (index.summariesReady) return index.summaries();
    return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, () => index.summaries()));
  }

  override dispose(): void {
    this._abort.aborted = true;
    this._onDidDispose.fire();
    clearInterval(this._pollLabels);
    const pending = this.model.close();
    if (pending > 0) {
      const status = this.model.book.mine.status.message ?? vscode.l10n.t('writing');
      void vscode.window.showWarningMessage(
        vscode.l10n.t('{0} label change(s) for {1} are not on disk yet ({2}); they are still being retried and land as soon as the disk accepts them.', pending, uriBaseName(this.uri), status),
      );
    }
    void this.opened.close();
    super.dispose();
  }
}

/** The selection file for the queue; one that cannot be read is named, and the queue is built as before any draw. */
async function readSelectionOnce(platform: Platform, labelsDir: FileRef, uri: vscode.Uri) {
  try {
    return await platform.readSelection(labelsDir);
  } catch (err) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The active selection of {0} cannot be read: {1}', uriBaseName(uri), err instanceof Error ? err.message : String(err)));
    return undefined;
  }
}
