import * as vscode from 'vscode';
import { ReloadableSource } from '../../core/input/reloadableSource';
import type { IndexProgress } from '../../core/input/lineIndex';
import type { Diagnostic } from '../../core/diagnostic';
import type { LabelFolder } from '../../core/labels/labelSink';
import { annotatorFileName, legacyFileName } from '../../core/labels/labelPaths';
import { LabelWriter, type LabelsChanged } from '../../core/labels/labelWriter';
import { OtherLabels } from '../../core/labels/otherLabels';
import { checkDraft } from '../../core/labels/labelCheck';
import { summarizeItem, type ItemSummary } from '../../core/review/itemSummary';
import { assign, type Assignment } from '../../core/campaign/assignment';
import type { Campaign } from '../../core/campaign/campaign';
import { taxonomySchema, type Taxonomy } from '../../core/taxonomy';
import { describeSchemaError } from '../../core/schemaMessage';
import type { ReviewItem } from '../../core/schema';
import { pacer } from '../breathe';
import { uriBaseName } from '../platform/uriName';
import { Disposable } from '../dispose';
import { DatasetWatcher, type DatasetReload } from './datasetWatcher';
import type { FileRef, OpenedInput, Platform } from '../platform/platform';

/** An item and its 1-based line (in the first run's file for two runs). */
export interface FoundItem {
  item: ReviewItem;
  line: number;
}

export interface DocumentOptions {
  /** The taxonomy from the settings (or the default). */
  taxonomy: () => Taxonomy;
  /** Why labels cannot be written now (Restricted Mode), or undefined. */
  readOnly: () => string | undefined;
}

/** The manifest's taxonomy when it has one (an invalid one is reported once), else the setting's. */
function manifestTaxonomy(uri: vscode.Uri, opened: OpenedInput, fallback: () => Taxonomy): () => Taxonomy {
  const raw = opened.manifest?.taxonomy;
  if (raw === undefined) return fallback;
  const parsed = taxonomySchema.safeParse(raw);
  if (parsed.success) return () => parsed.data;
  void vscode.window.showErrorMessage(
    vscode.l10n.t('The taxonomy in {0} is invalid ({1}); using the default taxonomy.', uriBaseName(uri), describeSchemaError(parsed.error, 'taxonomy')),
  );
  return fallback;
}

/**
 * A transcript file (or a `.review.json` manifest of two runs) opened for review. Owns the item
 * source (indexed in the background), my label store and the other annotators' labels. Never
 * loads the data into a text model and never writes it.
 */
export class TranscriptDocument extends Disposable implements vscode.CustomDocument {
  private readonly _onDidIndex = this._register(new vscode.EventEmitter<IndexProgress & { done: boolean }>());
  /** Fires while indexing (throttled) and once when the index is complete. */
  readonly onDidIndex = this._onDidIndex.event;
  private readonly _onDidChangeLabels = this._register(new vscode.EventEmitter<LabelsChanged & { others?: boolean }>());
  /**
   * The one event for label changes: my writes, and changes on disk made elsewhere (mine or other
   * annotators'). The editor, the status bar, the item list and the Problems panel listen to it.
   */
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
  private _poll: ReturnType<typeof setInterval> | undefined;

  /** Called by the provider's `openCustomDocument`. */
  static async create(uri: vscode.Uri, annotator: string, platform: Platform, options: DocumentOptions): Promise<TranscriptDocument> {
    const opened = await platform.open(uri);
    const folder = platform.labelFolder(opened.labelsDir);
    const doc = new TranscriptDocument(uri, opened, folder, platform, annotator, options);
    await doc.labels.load();
    await doc.others.load();
    return doc;
  }

  /** My labels: the one writer every change goes through. */
  readonly labels: LabelWriter;
  /** The taxonomy labels are checked against: the manifest's when valid, else the setting's. */
  readonly taxonomy: () => Taxonomy;
  /** Items shown recently, by id: most label drafts name one of them. */
  private readonly _recent = new Map<string, FoundItem>();
  private _summaries: Promise<ItemSummary[]> | undefined;
  private _assignment: ReturnType<TranscriptDocument['assignment']> | undefined;
  private _mine: ReadonlySet<string> | undefined;

  private constructor(
    readonly uri: vscode.Uri,
    readonly opened: OpenedInput,
    private readonly _folder: LabelFolder,
    private readonly _platform: Platform,
    annotator: string,
    options: DocumentOptions,
  ) {
    super();
    this.taxonomy = manifestTaxonomy(uri, opened, options.taxonomy);
    const mine = annotatorFileName(annotator);
    const legacy = legacyFileName(annotator);
    this.labels = new LabelWriter(_folder.log(mine), annotator, {
      check: async (draft) => {
        const found = await this.findItem(draft.item);
        return found ? checkDraft(draft, found.item, this.taxonomy()) : `no item "${draft.item}" in ${uriBaseName(uri)}; the label was not written`;
      },
      readOnly: options.readOnly,
      legacy: legacy !== mine ? [_folder.log(legacy)] : [],
    });
    const stopWriter = this.labels.onDidChange((e) => this._onDidChangeLabels.fire(e));
    this._register({
      dispose: () => {
        stopWriter();
        const pending = this.labels.disposeWhenSaved();
        if (pending > 0) {
          void vscode.window.showWarningMessage(
            vscode.l10n.t('{0} label change(s) for {1} are not on disk yet ({2}); they are still being retried and land as soon as the disk accepts them.', pending, uriBaseName(uri), this.labels.status.message ?? vscode.l10n.t('writing')),
          );
        }
      },
    });
    this.file = _platform.fileRef(uri);
    this.dataset = new ReloadableSource(opened.source);
    this.others = new OtherLabels(_folder, annotator);
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
    // Summaries and remembered items describe the old file: read them again.
    this._register(
      this.onDidReload(() => {
        this._summaries = undefined;
        this._summariesReady = false;
        this._assignment = undefined;
        this._mine = undefined;
        this._recent.clear();
      }),
    );
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

  /** Remembers a shown item, so drafts for it are checked without reading it again. */
  rememberItem(item: ReviewItem, line: number): void {
    this._recent.delete(item.id);
    this._recent.set(item.id, { item, line });
    if (this._recent.size > 16) this._recent.delete(this._recent.keys().next().value!);
  }

  /** The item with this id, read from the file when it was not shown recently. */
  async findItem(id: string): Promise<FoundItem | undefined> {
    const recent = this._recent.get(id);
    if (recent) return recent;
    const index = await this.indexOf(id);
    if (index === undefined) return undefined;
    const r = await this.dataset.item(index);
    return r.item?.id === id ? { item: r.item, line: r.line } : undefined;
  }

  /** The manifest's campaign, if it has one. */
  get campaign(): Campaign | undefined {
    return this.opened.manifest?.campaign;
  }

  /**
   * The campaign's assignment over the items in file order, and the ids assigned to me (empty
   * when I am not one of its annotators); undefined without a campaign.
   */
  async assignment(): Promise<{ assignment: Assignment; mine: ReadonlySet<string>; ids: readonly string[]; annotatorsOf(id: string): readonly string[] } | undefined> {
    const campaign = this.campaign;
    if (!campaign) return undefined;
    return (this._assignment ??= this.summaries().then((all) => {
      const ids = all.map((s) => s.id);
      const assignment = assign(campaign, ids);
      const me = this.labels.annotator;
      // By id, once: per item shown (and per item in Adjudicate) a lookup, not a scan of every id.
      const position = new Map<string, number>();
      ids.forEach((id, i) => position.has(id) || position.set(id, i));
      const resolved = {
        assignment,
        ids,
        mine: new Set(assignment.queue(me).map((i) => ids[i]!)),
        annotatorsOf: (id: string) => assignment.annotatorsOf(position.get(id) ?? -1),
      };
      this._mine = resolved.mine;
      return resolved;
    }));
  }

  /** "12 / 24 of mine": my assigned items labeled, once the assignment is known (see `assignment`). */
  myQueueProgress(): { labeled: number; total: number } | undefined {
    const mine = this._mine;
    if (!mine || mine.size === 0) return undefined;
    let labeled = 0;
    for (const id of mine) if (this.labels.isLabeled(id)) labeled++;
    return { labeled, total: mine.size };
  }

  /** Position of the first item with this id. */
  async indexOf(id: string): Promise<number | undefined> {
    const summaries = await this.summaries();
    // Built once per set of summaries: Problems re-checks every labeled item after a reload.
    if (this._positions?.of !== summaries) {
      const byId = new Map<string, number>();
      for (const s of summaries) if (!byId.has(s.id)) byId.set(s.id, s.index);
      this._positions = { of: summaries, byId };
    }
    return this._positions.byId.get(id);
  }

  private _positions: { of: readonly ItemSummary[]; byId: Map<string, number> } | undefined;

  /**
   * The summaries, with a progress notification titled `title` only while they are still being
   * built: once built, `n` and `g` answer at once and leave no notification behind.
   */
  summariesWithProgress(title: string): Promise<ItemSummary[]> {
    if (this._summariesReady) return this.summaries();
    return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, () => this.summaries()));
  }

  private _summariesReady = false;

  /**
   * Per-item summaries (id, domain, models, …), built once per file: by the platform's faster
   * path where it has one (desktop: worker threads, a cache of files seen before), else by one
   * sequential scan here.
   */
  summaries(): Promise<ItemSummary[]> {
    return (this._summaries ??= (async () => {
      await this.indexed;
      const source = this.dataset.current;
      let out: ItemSummary[] = [];
      if (this._platform.summaries) out = await this._platform.summaries(source, this._abort);
      else {
        const pace = pacer();
        for await (const r of source.items()) {
          if (r.item) out.push(summarizeItem(r.index, r.item));
          const breath = pace();
          if (breath) await breath;
        }
      }
      this._summariesReady = true;
      return out;
    })());
  }

  /** Looks for label changes made elsewhere: my log (another window), the other annotators' logs. */
  private async _checkLabels(): Promise<void> {
    try {
      await this.labels.refresh(); // fires through the writer's onDidChange
      if ((await this.others.load()) && !this.isDisposed) this._onDidChangeLabels.fire({ cause: 'outside', others: true });
    } catch {
      // a log mid-rename by git; the next poll sees the settled file
    }
  }

  override dispose(): void {
    this._abort.aborted = true;
    this._onDidDispose.fire();
    if (this._poll) clearInterval(this._poll);
    void this.opened.close();
    super.dispose();
  }
}
