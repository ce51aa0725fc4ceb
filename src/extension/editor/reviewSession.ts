import * as vscode from 'vscode';
import { openLink } from './openLink';
import { recordText, showRecord } from './recordView';
import { shownSideName } from '../../core/review/blind';
import { describeLabel } from '../../core/labels/labelDescribe';
import { inputKind } from '../../core/input/inputKind';
import { LabelRejected, type ChangeResult, type LabelChange, type LabelsChanged } from '../../core/labels/labelWriter';
import type { ReviewItem } from '../../core/schema';
import type { AddDraft } from '../../core/labels/labelEvent';
import type { HostToWebview, KeyHelp, ShownItem, ViewOptions, WebviewToHost } from '../../protocol';
import type { TranscriptDocument } from './transcriptDocument';
import type { ViewMemory } from './viewMemory';
import { blindSeed, defaultSeverity } from '../settings';
import { uriBaseName } from '../platform/uriName';
import { PreparedItems, type PreparedItem } from '../../core/review/preparedItems';
import { messageText } from '../../core/messageText';
import { askText } from '../quickInput';

/**
 * Items up to this many characters of text (about bytes) are sent ahead to the view; a larger one
 * (a long agent trajectory) is prepared ahead but sent when asked for, so posting neighbours
 * never holds the view's thread for long.
 */
export const aheadMaxChars = 4 << 20;

/** An item's text size: its messages, reasoning and tool-call arguments. */
function itemChars(item: ReviewItem | undefined): number {
  if (!item) return 0;
  let n = 0;
  for (const m of [...item.prompt, ...item.sides[0].messages, ...item.sides[1].messages]) {
    n += messageText(m).length + (m.reasoning?.length ?? 0);
    for (const c of m.tool_calls ?? []) n += c.function.arguments?.length ?? 0;
  }
  return n;
}

export interface SessionDeps {
  view: ViewMemory;
  log: vscode.LogOutputChannel;
  /** Tells every open review editor that view options changed. */
  broadcastView(options: ViewOptions): void;
  /** Why labels cannot be written (Restricted Mode), or undefined. */
  readOnly(): string | undefined;
  /** The keys as bound now, for the help overlay. */
  keys(): Promise<KeyHelp[]>;
  /** The webview said whether a text field has the keyboard; resolves once the context key is set. */
  typing(session: ReviewSession): Thenable<unknown>;
}

/** Requests from the webview and what answers them. */
type Reply = HostToWebview;

/**
 * One review editor tab: answers its webview's requests (exactly one reply each), remembers
 * which item it shows and moves between items (`j`/`k` from the view, `n`, `g`), and hands label
 * changes to the document's writer, acknowledging them only once they are on disk.
 */
export class ReviewSession {
  index = 0;
  /** 1-based line of the shown item (for two runs: in the first run's file). */
  line = 1;
  item: ReviewItem | null = null;
  /** A text field in the webview has the keyboard: the editor's keys must not fire. */
  typing = false;
  /** Bumped by every show: a slower read for an earlier show is dropped, never shown over a newer one. */
  private _showSeq = 0;
  /** When the shown item was posted: labels carry how long it had been in view (`viewMs`). */
  private _shownAt = Date.now();
  /** Items read, aligned and diffed, with the shown item's neighbours prepared ahead. */
  private readonly _prepared: PreparedItems;
  /** Changes this editor submitted and not yet answered: their one update is the reply (`label/didSave`). */
  private readonly _own = new Set<LabelChange>();

  constructor(
    readonly document: TranscriptDocument,
    readonly panel: vscode.WebviewPanel,
    private readonly _deps: SessionDeps,
  ) {
    const index = document.model.index;
    this._prepared = new PreparedItems(
      (i) => index.source.item(i),
      () => index.source.generation,
    );
    // While the webview starts (a second or so): the first item is read and laid out, for the handshake to find ready.
    const first = _deps.view.position(document.uri);
    void index.waitFor(first).then((exists) => exists && this._prepared.get(first).then(() => undefined), () => undefined).catch(() => undefined);
  }

  post(m: HostToWebview): void {
    void this.panel.webview.postMessage(m);
  }

  /** Side names as the person sees them now (blind mode: "Response A/B"). */
  sideName(item: Parameters<typeof shownSideName>[0], side: string): string {
    return shownSideName(item, side, { ...this._deps.view.options, blindSeed: blindSeed() });
  }

  /** Answers one request; the caller posts the reply (so there is exactly one). */
  async handle(m: WebviewToHost): Promise<Reply> {
    // The table is typed by message: each handler gets exactly its message, and answers it.
    const handler = this._handlers[m.type] as (m: WebviewToHost) => Promise<Reply | void>;
    return (await handler(m)) ?? { type: 'request/done', requestId: m.requestId };
  }

  /** One small handler per message type; `void` means "done, nothing more to say". */
  private readonly _handlers: { [T in WebviewToHost['type']]: (m: Extract<WebviewToHost, { type: T }>) => Promise<Reply | void> } = {
    'webview/ready': (m) => this._ready(m.requestId),
    'item/show': (m) => this.read(m.index, m.requestId, m.shownFrom, m.neighbours),
    'item/showNextUnlabeled': async () => void this.nextUnlabeled(),
    'item/goTo': async () => void this.goTo(),
    'item/revealRaw': async () => void this.revealRaw(),
    'campaign/openGuidelines': async () => void vscode.commands.executeCommand('transcriptReview.openGuidelines'),
    'label/add': async (m) => (await this.change(m.requestId, { op: 'add', draft: this._withDwell(m.draft), ...(m.group ? { group: m.group } : {}) })).reply,
    'label/replace': async (m) => (await this.change(m.requestId, { op: 'replace', target: m.target, draft: this._withDwell(m.draft) })).reply,
    'label/remove': async (m) => (await this.change(m.requestId, { op: 'remove', target: m.target })).reply,
    'label/undo': async (m) => (await this.change(m.requestId, { op: 'undo' })).reply,
    'label/redo': async (m) => (await this.change(m.requestId, { op: 'redo' })).reply,
    'view/set': async (m) => this._deps.broadcastView(await this._deps.view.set(m.options)),
    'link/open': async (m) => void openLink(m.url),
    'ui/command': async (m) => void vscode.commands.executeCommand(m.command),
    'ui/focus': async (m) => {
      this.typing = m.typing;
      // Answered once the context key is set: until then the view handles keys itself.
      await this._deps.typing(this);
    },
  };

  /**
   * The handshake: what the view needs, with the first item: the remembered position (the last
   * item when the input has fewer), or on a first open of a campaign the first item of my queue.
   */
  private async _ready(requestId: string): Promise<Reply> {
    const { model } = this.document;
    const { index } = model;
    this.post({ type: 'document/didIndex', count: index.count, done: index.done, fraction: index.done ? 1 : 0 });
    this.post({ type: 'progress/didChange', ...model.queue.progress() });
    this.post({ type: 'labels/status', ...model.book.mine.status });
    const remembered = this._deps.view.remembered(this.document.uri) ?? (await model.queue.firstOfMine().catch(() => undefined)) ?? 0;
    const position = (await index.waitFor(remembered)) ? remembered : Math.max(0, index.count - 1);
    const [keys, first] = await Promise.all([this._deps.keys(), index.count > 0 ? this._firstItem(position) : undefined]);
    return {
      type: 'document/didInit',
      requestId,
      readOnly: this._deps.readOnly(),
      guidelines: model.guidelines !== undefined,
      fileName: uriBaseName(this.document.uri),
      annotator: model.book.annotator,
      taxonomy: model.taxonomy(),
      defaultSeverity: defaultSeverity(),
      blindSeed: blindSeed(),
      view: this._deps.view.options,
      position,
      problems: model.problems.filter((d) => d.severity === 'error').map((d) => d.message),
      keys,
      ...(first ? { first } : {}),
    };
  }

  /** The first item for the handshake; a read that fails is shown as the item's error, never fails the handshake. */
  private async _firstItem(index: number): Promise<ShownItem | undefined> {
    try {
      const shown = await this._shown(index, ++this._showSeq, { complete: true });
      return shown === 'missing' ? undefined : shown;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { index, count: this.document.model.index.count, line: 1, item: null, turns: [], diffs: [], notes: [], errors: [message], labels: [], others: [] };
    }
  }

  /** Shows item `index` (palette, item list, undo elsewhere): read, then posted unless overtaken. */
  async show(index: number): Promise<void> {
    const shown = await this.read(index);
    if (shown) this.post(shown);
  }

  /**
   * Reads item `index` with its diffs and labels and makes it the current item. Undefined when
   * a later show overtook this one while it was read (its result would be stale). `shownFrom`: the
   * view already shows the item sent ahead with that key; when it is still current, the answer is
   * `item/didMove`, what may have changed since (labels), not the item again.
   */
  async read(index: number, requestId?: string, shownFrom?: string, neighbours?: readonly number[]): Promise<Reply | undefined> {
    const seq = ++this._showSeq;
    const shown = await this._shown(index, seq, { neighbours });
    if (shown === 'missing') return seq === this._showSeq ? { type: 'request/didFail', requestId, message: `there is no item ${index + 1}` } : undefined;
    if (!shown) return undefined;
    if (shownFrom !== undefined && shownFrom === shown.key && requestId) {
      const { count, line, notes, errors, labels, others } = shown;
      return { type: 'item/didMove', requestId, index, count, line, notes, errors, labels, others };
    }
    return { type: 'item/didShow', ...(requestId ? { requestId } : {}), ...shown };
  }

  /** Which read of item `index` the view holds: another generation of the file (a reload) is another read. */
  private _key(index: number, item: ReviewItem | null | undefined): string {
    return `${this.document.model.index.source.generation}:${index}:${item?.id ?? ''}`;
  }

  /** Item `index` read and laid out, made the current item; undefined when show `seq` was overtaken meanwhile. */
  private async _shown(index: number, seq: number, { complete = false, neighbours }: { complete?: boolean; neighbours?: readonly number[] } = {}): Promise<ShownItem | 'missing' | undefined> {
    const { index: items } = this.document.model;
    if (!(await items.waitFor(index))) return 'missing';
    const prepared = await this._prepared.get(index);
    // The handshake waits for every diff; a show goes out with those within the budget, the rest
    // after it (the reply is posted before any timer runs, so the diffs never arrive first).
    if (prepared.rest && complete) await prepared.rest;
    if (seq !== this._showSeq) return undefined;
    const { result } = prepared;
    this.index = index;
    void this._deps.view.setPosition(this.document.uri, index);
    this.item = result.item ?? null;
    this.line = result.line;
    if (result.item) items.remember(result.item, result.line, index);
    const shown = await this._build(index, prepared);
    if (seq !== this._showSeq) return undefined;
    const rest = prepared.rest;
    const item = result.item;
    if (rest && item) {
      void rest.then(
        (all) => seq === this._showSeq && this.post({ type: 'item/didDiff', index, item: item.id, diffs: all }),
        () => undefined,
      );
    }
    this._shownAt = Date.now();
    // After this reply: the items `j` and `k` go to, prepared and sent ahead so the view shows them at once.
    this._sendAhead(neighbours ?? [index + 1, index - 1], seq);
    return shown;
  }

  /**
   * Neighbours of the item shown by show `seq`, each read and laid out on a later turn of the event
   * loop (so the reply goes out first and a key meanwhile is answered between them), then posted
   * as `item/ahead` unless a newer show came. An item over `aheadMaxChars` is prepared, not posted.
   */
  private _sendAhead(indices: readonly number[], seq: number): void {
    const count = this.document.model.index.count;
    const queue = [...new Set(indices)].filter((i) => i >= 0 && i < count && i !== this.index);
    const step = (): void => {
      const i = queue.shift();
      if (i === undefined) return;
      setTimeout(() => {
        if (seq !== this._showSeq) return;
        this._prepared.get(i).then(
          async (prepared) => {
            if (seq !== this._showSeq) return;
            // Sent ahead whole: the view shows it without waiting for the host.
            if (prepared.rest) await prepared.rest.catch(() => undefined);
            if (seq !== this._showSeq) return;
            if (itemChars(prepared.result.item) <= aheadMaxChars) {
              const shown = await this._build(i, prepared);
              if (seq !== this._showSeq) return;
              this.post({ ...shown, type: 'item/ahead', key: shown.key ?? this._key(i, prepared.result.item) });
            }
            step();
          },
          () => step(),
        );
      }, 0);
    };
    step();
  }

  /** What the view shows for item `index`: the item laid out, notes about it, and the labels as they are now. */
  private async _build(index: number, { result, turns, diffs, notes }: PreparedItem): Promise<ShownItem> {
    const { index: items, book, queue } = this.document.model;
    const item = result.item;
    const campaign = item ? await queue.assignment() : undefined;
    const notAssigned =
      item && campaign && campaign.mine.size > 0 && !campaign.mine.has(item.id)
        ? [vscode.l10n.t('Not in your queue: this item is assigned to {0}. You can still label it.', campaign.annotatorsOf(item.id).join(', ') || vscode.l10n.t('nobody'))]
        : [];
    return {
      key: this._key(index, item),
      index,
      count: items.count,
      line: result.line,
      item: item ?? null,
      turns,
      diffs,
      // A shown item's warnings (a skipped cut-off line of a trace) are notes on it; only errors, or
      // anything said of an item that could not be built, stand in its place.
      notes: [...notAssigned, ...notes, ...(item ? result.diagnostics.filter((d) => d.severity !== 'error').map((d) => d.message) : [])],
      errors: [
        ...result.diagnostics.filter((d) => !item || d.severity === 'error').map((d) => d.message),
        ...(result.transcript && !item
          ? [vscode.l10n.t('This file holds single transcripts of one run, not comparisons. Run "Transcript Review: Compare Two Runs…" to pair it with another run.')]
          : []),
      ],
      labels: item ? book.forItem(item.id) : [],
      others: item ? book.others.forItem(item.id) : [],
    };
  }

  /** A draft for the shown item records how long it has been in view (the host's clock, not the view's). */
  private _withDwell(draft: AddDraft): AddDraft {
    return draft.item === this.item?.id ? { ...draft, viewMs: Math.max(0, Math.round(Date.now() - this._shownAt)) } : draft;
  }

  /** `n`: the next item I have not labeled (of the filter, of my campaign queue; see `ReviewQueue.nextUnlabeled`). */
  async nextUnlabeled(): Promise<void> {
    await this.document.summariesWithProgress(vscode.l10n.t('Finding the next unlabeled item…'));
    const next = await this.document.model.queue.nextUnlabeled(this.index);
    if ('index' in next) return this.show(next.index);
    const done = { filter: vscode.l10n.t('Every item in the filter is labeled.'), queue: vscode.l10n.t('Every item of your queue is labeled.'), all: vscode.l10n.t('Every item is labeled.') };
    void vscode.window.showInformationMessage(done[next.none]);
  }

  /** `g`: asks for an item id or `#N` and shows it. The key and the palette command both come here. */
  async goTo(): Promise<void> {
    const answer = await askText({
      title: vscode.l10n.t('Go to Item'),
      prompt: vscode.l10n.t('An item id, or #N for the N-th item'),
      placeHolder: 'health-0042  or  #17',
    });
    if (!answer) return;
    const text = answer.trim();
    const { index } = this.document.model;
    // `#N` is a position; a bare number is an id first (ids like "17" exist), else a position.
    if (!text.startsWith('#')) await this.document.summariesWithProgress(vscode.l10n.t('Finding {0}…', text));
    const found = text.startsWith('#') ? undefined : await index.findFrom(0, (s) => s.id === text);
    const number = /^#?(\d+)$/.exec(text);
    if (found === undefined && number) {
      const i = Number(number[1]) - 1;
      if (i >= 0 && (await index.waitFor(i))) return this.show(i);
    }
    if (found === undefined) void vscode.window.showWarningMessage(vscode.l10n.t('No item with id "{0}".', text));
    else await this.show(found);
  }

  /**
   * Opens the shown item's line in the text editor beside (for two runs: in the first run's file).
   * A zip, a gzip stream, Parquet or one JSON object has no text line to open at: the record is
   * shown instead, as a read-only JSON document.
   */
  async revealRaw(): Promise<void> {
    const { document } = this;
    const source = document.model.index.source;
    const file = document.fileUri(source.files[0] ?? document.file);
    if (inputKind(file.path) !== 'jsonl') {
      const r = await source.item(this.index);
      await showRecord(`${uriBaseName(document.fileUri(document.file))} — ${r.item?.id ?? r.transcript?.id ?? `record ${this.index + 1}`}`, recordText(r));
      return;
    }
    const pos = new vscode.Position(Math.max(0, this.line - 1), 0);
    await vscode.window.showTextDocument(file, { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.Beside });
  }

  /**
   * Labels changed. A change this editor asked for is answered by its reply alone; any other (a
   * palette command, another tab or window, another annotator) refreshes the counts, and the
   * shown item's labels when they are among those changed.
   */
  labelsChanged(e: LabelsChanged & { others?: boolean }): void {
    if (e.change && this._own.has(e.change)) return;
    const { book, queue } = this.document.model;
    this.post({ type: 'progress/didChange', ...queue.progress() });
    const items = e.others ? undefined : e.items;
    if (!this.item || (items && !items.has(this.item.id))) return;
    this.post({ type: 'labels/didChange', item: this.item.id, labels: book.forItem(this.item.id), others: book.others.forItem(this.item.id) });
  }

  /**
   * Hands a change to the writer and answers once it is on disk. An undo or redo on another item
   * brings that item into view and says what it did, as a text editor moves the cursor.
   */
  async change(requestId: string, change: LabelChange): Promise<{ reply: Reply; result?: ChangeResult }> {
    const { book, index, queue } = this.document.model;
    let result: ChangeResult;
    this._own.add(change);
    try {
      result = await book.mine.submit(change);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!(err instanceof LabelRejected)) this._deps.log.error(`label change failed: ${message}`);
      return { reply: { type: 'request/didFail', requestId, message } };
    } finally {
      this._own.delete(change);
    }
    const item = result.item ?? '';
    let message: string | undefined;
    if (change.op === 'undo' || change.op === 'redo') {
      const verb = change.op === 'undo' ? vscode.l10n.t('Undid') : vscode.l10n.t('Redid');
      if (!result.label || !result.event) message = change.op === 'undo' ? vscode.l10n.t('Nothing to undo') : vscode.l10n.t('Nothing to redo');
      else {
        const shown = item === this.item?.id ? this.item : (await index.find(item))?.item;
        const traits = this.document.model.taxonomy().traits;
        const what =
          describeLabel(result.label, (side) => (shown ? this.sideName(shown, side) : side), (id) => traits.find((t) => t.id === id)?.label ?? id) +
          (result.more ? ` ${vscode.l10n.t('and {0} more', result.more)}` : '');
        const removed = result.event.op === 'remove';
        message = `${verb}: ${what} ${removed ? vscode.l10n.t('removed') : vscode.l10n.t('restored')}${item !== this.item?.id ? ` (${vscode.l10n.t('item {0}', item)})` : ''}`;
        if (item && item !== this.item?.id) {
          const at = await index.indexOf(item);
          if (at !== undefined) await this.show(at);
        }
      }
    }
    const reply: Reply = {
      type: 'label/didSave',
      requestId,
      item,
      labels: item ? book.forItem(item) : [],
      progress: queue.progress(),
      ...(result.event ? { event: result.event.id } : {}),
      ...(message ? { message } : {}),
    };
    return { reply, result };
  }
}
