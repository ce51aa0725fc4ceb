import * as vscode from 'vscode';
import { openLink } from './openLink';
import { shownSideName } from '../../core/review/blind';
import { describeLabel } from '../../core/labels/labelDescribe';
import { LabelRejected, type ChangeResult, type LabelChange } from '../../core/labels/labelWriter';
import type { ReviewItem } from '../../core/schema';
import type { AddDraft } from '../../core/labels/labelEvent';
import type { HostToWebview, KeyHelp, ViewOptions, WebviewToHost } from '../../protocol';
import type { TranscriptDocument } from './transcriptDocument';
import type { ViewState } from './viewState';
import { blindSeed, defaultSeverity } from '../settings';
import { uriBaseName } from '../platform/uriName';
import { goToItem, revealRawLine } from './navigation';
import { PreparedItems } from '../../core/review/preparedItems';

export interface SessionDeps {
  view: ViewState;
  log: vscode.LogOutputChannel;
  /** Tells every open review editor that view options changed. */
  broadcastView(options: ViewOptions): void;
  /** Why labels cannot be written (Restricted Mode), or undefined. */
  readOnly(): string | undefined;
  /** The keys as bound now, for the help overlay. */
  keys(): Promise<KeyHelp[]>;
  /** The items `j`/`k`/`n` may visit in this document (its filter), or undefined for all. */
  queue(document: TranscriptDocument): Promise<number[] | undefined>;
  /** The webview said whether a text field has the keyboard; resolves once the context key is set. */
  typing(session: ReviewSession): Thenable<unknown>;
}

/** Requests from the webview and what answers them. */
type Reply = HostToWebview;

/**
 * One review editor tab: answers its webview's requests (exactly one reply each), remembers
 * which item it shows, and hands label changes to the document's writer, acknowledging them
 * only once they are on disk.
 */
export class ReviewSession {
  index = 0;
  /** 1-based line of the shown item (for two runs: in the first run's file). */
  line = 1;
  item: ReviewItem | null = null;
  /** Bumped by every show: a slower read for an earlier show is dropped, never shown over a newer one. */
  private _showSeq = 0;
  /** A text field in the webview has the keyboard: the editor's keys must not fire. */
  typing = false;
  /** When the shown item was posted: labels carry how long it had been in view (`viewMs`). */
  private _shownAt = Date.now();
  /** Items read, aligned and diffed, with the shown item's neighbours prepared ahead. */
  private readonly _prepared: PreparedItems;
  /**
   * The first item, posted right after the handshake's reply without being asked (`_showSeq` at
   * that show): the view's own request for it, already on its way, then needs no second copy.
   */
  private _pushed: { index: number; seq: number } | undefined;
  /** The keys for the first handshake, read while the webview starts (a later one reads them again). */
  private _keysAhead: Promise<KeyHelp[]> | undefined;
  private _handshakePosition: number | undefined;

  constructor(
    readonly document: TranscriptDocument,
    readonly panel: vscode.WebviewPanel,
    private readonly _deps: SessionDeps,
  ) {
    this._prepared = new PreparedItems(
      (i) => document.dataset.item(i),
      () => document.dataset.generation,
    );
  }

  /**
   * While the webview starts (a second or so in the workbench): the item it will ask for first is
   * read and laid out meanwhile, so the handshake finds it ready. Nothing is shown or recorded yet.
   */
  prepareFirst(): void {
    // The key list the handshake sends (keybindings.json read once more).
    this._keysAhead = this._deps.keys();
    this._keysAhead.catch(() => undefined);
    const index = this._deps.view.position(this.document.uri);
    // A failed read is the view's to report, when it asks for the item.
    void this.document.waitForEntry(index).then(
      (exists) => (exists ? this._prepared.get(index).then(() => undefined, () => undefined) : undefined),
      () => undefined,
    );
  }

  /**
   * After the reply to `m` was posted. For the handshake: the first item follows at once, a round
   * trip before the view's own `item/show` (sent on `document/didInit`) could bring it.
   */
  async replied(m: WebviewToHost): Promise<void> {
    // The position the reply named: the item the view asks for on it (another editor of the file may move on meanwhile).
    const index = this._handshakePosition;
    this._handshakePosition = undefined;
    if (m.type !== 'webview/ready' || index === undefined) return;
    const shown = await this.read(index);
    if (shown?.type !== 'item/didShow') return;
    this.post(shown);
    this._pushed = { index, seq: this._showSeq };
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
    'item/show': async (m) => {
      // The view asks for the item it was just sent (nothing shown since): it has it already.
      const pushed = this._pushed;
      this._pushed = undefined;
      if (pushed && pushed.index === m.index && pushed.seq === this._showSeq) return;
      return this.read(m.index, m.requestId);
    },
    'item/showNextUnlabeled': async () => void this.nextUnlabeled(),
    'item/goTo': async () => void goToItem(this),
    'item/revealRaw': async () => void revealRawLine(this),
    'campaign/openGuidelines': async () => void vscode.commands.executeCommand('transcriptReview.openGuidelines'),
    'label/add': async (m) => (await this.change(m.requestId, { op: 'add', draft: this._withDwell(m.draft), ...(m.group ? { group: m.group } : {}) })).reply,
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

  /** The handshake: what the view needs before its first item. */
  private async _ready(requestId: string): Promise<Reply> {
    const { dataset } = this.document;
    const keys = this._keysAhead ?? this._deps.keys();
    this._keysAhead = undefined;
    this.post({ type: 'document/didIndex', count: dataset.count, done: dataset.done, fraction: dataset.done ? 1 : 0 });
    this.postProgress();
    this.post({ type: 'labels/status', ...this.document.labels.status });
    const position = this._deps.view.position(this.document.uri);
    this._handshakePosition = position;
    return {
      type: 'document/didInit',
      requestId,
      readOnly: this._deps.readOnly(),
      guidelines: this.document.campaign?.guidelines !== undefined,
      fileName: uriBaseName(this.document.uri),
      annotator: this.document.labels.annotator,
      taxonomy: this.document.taxonomy(),
      defaultSeverity: defaultSeverity(),
      blindSeed: blindSeed(),
      view: this._deps.view.options,
      position,
      problems: this.document.problems.filter((d) => d.severity === 'error').map((d) => d.message),
      keys: await keys,
    };
  }

  /** Shows item `index` (palette, item list, undo elsewhere): read, then posted unless overtaken. */
  async show(index: number): Promise<void> {
    const shown = await this.read(index);
    if (shown) this.post(shown);
  }

  /**
   * Reads item `index` with its diffs and labels and makes it the current item. Undefined when
   * a later show overtook this one while it was read (its result would be stale).
   */
  async read(index: number, requestId?: string): Promise<Reply | undefined> {
    const seq = ++this._showSeq;
    if (!(await this.document.waitForEntry(index))) return seq === this._showSeq ? { type: 'request/didFail', requestId, message: `there is no item ${index + 1}` } : undefined;
    const { result, turns, diffs, notes } = await this._prepared.get(index);
    if (seq !== this._showSeq) return undefined;
    this.index = index;
    void this._deps.view.setPosition(this.document.uri, index);
    this.item = result.item ?? null;
    this.line = result.line;
    const item = result.item;
    if (item) this.document.rememberItem(item, result.line);
    const campaign = item ? await this.document.assignment() : undefined;
    if (seq !== this._showSeq) return undefined;
    const notAssigned =
      item && campaign && campaign.mine.size > 0 && !campaign.mine.has(item.id)
        ? [vscode.l10n.t('Not in your queue: this item is assigned to {0}. You can still label it.', campaign.annotatorsOf(item.id).join(', ') || vscode.l10n.t('nobody'))]
        : [];
    this._shownAt = Date.now();
    // After this reply: the next and previous items, so `j` and `k` find theirs ready.
    this._prepared.prefetch(index, this.document.dataset.count);
    return {
      type: 'item/didShow',
      ...(requestId ? { requestId } : {}),
      index,
      count: this.document.dataset.count,
      line: result.line,
      item: item ?? null,
      turns,
      diffs,
      notes: [...notAssigned, ...notes],
      errors: [
        ...result.diagnostics.map((d) => d.message),
        ...(result.transcript && !item
          ? [vscode.l10n.t('This file holds single transcripts of one run, not comparisons. Run "Transcript Review: Compare Two Runs…" to pair it with another run.')]
          : []),
      ],
      labels: item ? this.document.labels.state.forItem(item.id) : [],
      others: item ? this.document.others.forItem(item.id) : [],
    };
  }

  /** A draft for the shown item records how long it has been in view (the host's clock, not the view's). */
  private _withDwell(draft: AddDraft): AddDraft {
    return draft.item === this.item?.id ? { ...draft, viewMs: Math.max(0, Math.round(Date.now() - this._shownAt)) } : draft;
  }

  /** `n`: the next item from here on (wrapping) that I have not labeled; in a campaign, of my queue. */
  async nextUnlabeled(): Promise<void> {
    const labels = this.document.labels;
    const all = await this.document.summariesWithProgress(vscode.l10n.t('Finding the next unlabeled item…'));
    const mine = (await this.document.assignment())?.mine;
    const queue = mine && mine.size > 0 ? mine : undefined;
    // With a filter active, only its items: the list is the queue.
    const filtered = await this._deps.queue(this.document);
    const allowed = filtered && new Set(filtered);
    const start = Math.max(0, all.findIndex((x) => x.index > this.index));
    for (let k = 0; k < all.length; k++) {
      const s = all[(start + k) % all.length]!;
      if ((!queue || queue.has(s.id)) && (!allowed || allowed.has(s.index)) && !labels.isLabeled(s.id)) return this.show(s.index);
    }
    if (allowed) return void vscode.window.showInformationMessage(vscode.l10n.t('Every item in the filter is labeled.'));
    void vscode.window.showInformationMessage(queue ? vscode.l10n.t('Every item of your queue is labeled.') : vscode.l10n.t('Every item is labeled.'));
  }

  postProgress(): void {
    const queue = this.document.myQueueProgress();
    this.post({ type: 'progress/didChange', labeled: queue?.labeled ?? this.document.labels.labeledCount(), total: queue?.total ?? this.document.dataset.count, mine: queue !== undefined });
  }

  /** Labels changed (my write, or on disk): refresh the shown item's labels and the count. */
  labelsChanged(items: ReadonlySet<string> | undefined): void {
    this.postProgress();
    if (!this.item || (items && !items.has(this.item.id))) return;
    this.post({
      type: 'labels/didChange',
      item: this.item.id,
      labels: this.document.labels.state.forItem(this.item.id),
      others: this.document.others.forItem(this.item.id),
    });
  }

  /**
   * Hands a change to the writer and answers once it is on disk. An undo or redo on another item
   * brings that item into view and says what it did, as a text editor moves the cursor.
   */
  async change(requestId: string, change: LabelChange): Promise<{ reply: Reply; result?: ChangeResult }> {
    let result: ChangeResult;
    try {
      result = await this.document.labels.submit(change);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!(err instanceof LabelRejected)) this._deps.log.error(`label change failed: ${message}`);
      return { reply: { type: 'request/didFail', requestId, message } };
    }
    const item = result.item ?? '';
    let message: string | undefined;
    if (change.op === 'undo' || change.op === 'redo') {
      const verb = change.op === 'undo' ? vscode.l10n.t('Undid') : vscode.l10n.t('Redid');
      if (!result.label || !result.event) message = change.op === 'undo' ? vscode.l10n.t('Nothing to undo') : vscode.l10n.t('Nothing to redo');
      else {
        const shown = item === this.item?.id ? this.item : (await this.document.findItem(item))?.item;
        const traits = this.document.taxonomy().traits;
        const what =
          describeLabel(result.label, (side) => (shown ? this.sideName(shown, side) : side), (id) => traits.find((t) => t.id === id)?.label ?? id) +
          (result.more ? ` ${vscode.l10n.t('and {0} more', result.more)}` : '');
        const removed = result.event.op === 'remove';
        message = `${verb}: ${what} ${removed ? vscode.l10n.t('removed') : vscode.l10n.t('restored')}${item !== this.item?.id ? ` (${vscode.l10n.t('item {0}', item)})` : ''}`;
        if (item && item !== this.item?.id) {
          const index = await this.document.indexOf(item);
          if (index !== undefined) await this.show(index);
        }
      }
    }
    return { reply: { type: 'label/didSave', requestId, item, labels: item ? this.document.labels.state.forItem(item) : [], ...(message ? { message } : {}) }, result };
  }
}
