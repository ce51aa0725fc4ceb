import * as vscode from 'vscode';
import type { AbortFlag, ItemSource } from '../../core/input/dataset';
import { findItem, type ReloadableSource } from '../../core/input/reloadableSource';
import { Disposable } from '../dispose';
import type { OpenedInput, Platform } from '../platform/platform';
import { uriBaseName } from '../platform/uriName';

export interface DatasetReload {
  /** Items before and after. */
  before: number;
  after: number;
  /** Where item `id`, shown at `hint` before, is now (undefined when it is gone). */
  find(id: string, hint: number): Promise<number | undefined>;
}

/** How often the input's files are stat'ed; a change must hold for one more poll (a writer still writing). */
export const datasetPollMs = 1000;

/**
 * Watches the files of an open input (size and mtime, polled: file-system watchers miss files
 * outside the workspace and some network drives). When they change, the input is opened and
 * indexed again and swapped in behind the document's `ReloadableSource`: the old index would
 * read the new bytes at old offsets, and thousands of entries would be garbage. Labels live in
 * their own logs by item id, so they stay; the editor finds its item again by id.
 */
export class DatasetWatcher extends Disposable {
  private readonly _onDidReload = this._register(new vscode.EventEmitter<DatasetReload>());
  readonly onDidReload = this._onDidReload.event;
  private _stamp: string | undefined;
  private _pending: string | undefined;
  private _busy = false;
  private _replacement: OpenedInput | undefined;
  private readonly _timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly _uri: vscode.Uri,
    private readonly _source: ReloadableSource,
    /** Puts the re-indexed input behind the document (the review model's `reload`). */
    private readonly _swap: (next: ItemSource) => void,
    private readonly _platform: Platform,
    ready: Promise<void>,
    private readonly _abort: AbortFlag,
    pollMs = datasetPollMs,
  ) {
    super();
    void ready.then(async () => (this._stamp ??= await this._stampNow()));
    this._timer = setInterval(() => void this._poll(), pollMs);
  }

  /** Sizes and mtimes of the input's files, or undefined while one cannot be stat'ed (mid-rename). */
  private async _stampNow(): Promise<string | undefined> {
    try {
      const stats = await Promise.all(this._source.files.map((f) => vscode.workspace.fs.stat(this._platform.fileUri(f))));
      return stats.map((s) => `${s.size}:${s.mtime}`).join('|');
    } catch {
      return undefined;
    }
  }

  private async _poll(): Promise<void> {
    if (this._busy || this._stamp === undefined || this.isDisposed) return;
    this._busy = true;
    try {
      const now = await this._stampNow();
      if (now === undefined || now === this._stamp) {
        this._pending = undefined;
        return;
      }
      // Seen twice in a row: the writer is done (a pipeline writes for a while).
      if (now !== this._pending) {
        this._pending = now;
        return;
      }
      await this._reload(now);
    } finally {
      this._busy = false;
    }
  }

  private async _reload(stamp: string): Promise<void> {
    const opened = await this._platform.open(this._uri);
    await opened.source.build(undefined, this._abort);
    if (this.isDisposed || this._abort.aborted) {
      void opened.close();
      return;
    }
    const before = this._source.count;
    const previous = this._replacement;
    this._swap(opened.source);
    this._replacement = opened;
    this._stamp = stamp;
    this._pending = undefined;
    // The document's own first input is closed by the document; later ones here.
    if (previous) void previous.close();
    const after = this._source.count;
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0} changed on disk and was indexed again: {1} items (were {2}). Your labels are kept.', uriBaseName(this._uri), after.toLocaleString(), before.toLocaleString()),
    );
    this._onDidReload.fire({ before, after, find: (id, hint) => findItem(opened.source, id, hint) });
  }

  override dispose(): void {
    clearInterval(this._timer);
    if (this._replacement) void this._replacement.close();
    super.dispose();
  }
}
