import * as vscode from 'vscode';
import { uriBaseName } from '../platform/uriName';
import { webviewToHostSchema } from '../../protocol';
import { describeSchemaError } from '../../core/schemaMessage';
import { TranscriptDocument } from './transcriptDocument';
import { currentAnnotator } from '../annotator';
import { webviewHtml, webviewOptions } from './webviewHtml';
import { ReviewSession, type SessionDeps } from './reviewSession';
import type { EditorRegistry } from './editorRegistry';
import type { Platform } from '../platform/platform';
import type { Taxonomy } from '../../core/taxonomy';
import { confirmOutsideWorkspace } from './outsideWorkspace';

export const viewType = 'transcriptReview.reviewEditor';

export interface ProviderDeps extends SessionDeps {
  taxonomy(): Taxonomy;
  /** A document was opened (the Problems panel scans it, the item list follows it). */
  onDidOpen(document: TranscriptDocument): void;
}

/** The `requestId` of a message that failed validation, when it has a usable one. */
function requestIdOf(raw: unknown): string | undefined {
  const id = typeof raw === 'object' && raw !== null ? (raw as { requestId?: unknown }).requestId : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : undefined;
}

/** Why an open tab no longer writes: the annotator name changed since it opened. */
function renamed(opened: string, now: string): string | undefined {
  return opened === now ? undefined : vscode.l10n.t('The annotator is now {0}, but this tab labels as {1}: reopen it to label as {0}. Nothing was written.', now, opened);
}

/** Opens JSONL transcripts in the review webview. Read-only: labels go to separate log files. */
export class ReviewEditorProvider implements vscode.CustomReadonlyEditorProvider<TranscriptDocument> {
  constructor(
    private readonly _context: vscode.ExtensionContext,
    private readonly _registry: EditorRegistry,
    private readonly _deps: ProviderDeps,
    private readonly _platform: Platform,
  ) {}

  //#region CustomReadonlyEditorProvider
  async openCustomDocument(uri: vscode.Uri): Promise<TranscriptDocument> {
    const annotator = currentAnnotator(this._platform.defaultAnnotator);
    const document = await TranscriptDocument.create(uri, annotator, this._platform, {
      taxonomy: () => this._deps.taxonomy(),
      // A tab opened under another name never writes as that name after *Set Annotator Name*: it refuses and says why.
      readOnly: () => this._deps.readOnly() ?? renamed(annotator, currentAnnotator(this._platform.defaultAnnotator)),
    });
    if (!(await confirmOutsideWorkspace(document, this._platform, this._context.workspaceState))) {
      document.dispose();
      throw new Error(vscode.l10n.t('Not opened: {0} points outside this workspace.', uri.fsPath || uri.toString()));
    }
    this._deps.onDidOpen(document);
    return document;
  }

  async resolveCustomEditor(document: TranscriptDocument, panel: vscode.WebviewPanel): Promise<void> {
    const { webview } = panel;
    // The review tab and a text tab of the same file would read alike (VS Code 1.106+ shows this title).
    panel.title = vscode.l10n.t('{0} (Review)', uriBaseName(document.uri));
    webview.options = webviewOptions(this._context.extensionUri);
    webview.html = webviewHtml(webview, this._context.extensionUri, 'webview.js', 'Transcript Review');
    const deps = this._deps;
    const session = new ReviewSession(document, panel, deps);
    // Saving and saved are the reply's to say (the view shows its own pending changes); a retried write is news.
    const writer = document.model.book.mine;
    let retrying = writer.status.state === 'retrying';
    const stopStatus = writer.onDidChangeStatus((s) => {
      if (s.state === 'retrying' || retrying) session.post({ type: 'labels/status', ...s });
      retrying = s.state === 'retrying';
    });
    const disposables: vscode.Disposable[] = [
      this._registry.add(session),
      document.onDidIndex((p) => session.post({ type: 'document/didIndex', count: p.lines, done: p.done, fraction: p.totalBytes ? p.bytesScanned / p.totalBytes : 1 })),
      document.onDidChangeLabels((e) => session.labelsChanged(e)),
      { dispose: stopStatus },
      // Every request gets exactly one reply: its answer, or request/didFail.
      // The file was rewritten: show the same item, found by id (its line may have moved).
      document.onDidReload(async (r) => {
        session.post({ type: 'document/didIndex', count: r.after, done: true, fraction: 1 });
        const id = session.item?.id;
        const found = id === undefined ? undefined : await r.find(id, session.index);
        await session.show(found ?? Math.min(session.index, Math.max(0, r.after - 1)));
      }),
      webview.onDidReceiveMessage(async (raw: unknown) => {
        const parsed = webviewToHostSchema.safeParse(raw);
        if (!parsed.success) {
          const message = `invalid message from the review editor: ${describeSchemaError(parsed.error, 'message')}`;
          deps.log.warn(message);
          session.post({ type: 'request/didFail', requestId: requestIdOf(raw), message });
          return;
        }
        try {
          session.post(await session.handle(parsed.data));
        } catch (err) {
          deps.log.error(err instanceof Error ? err : new Error(String(err)));
          session.post({ type: 'request/didFail', requestId: parsed.data.requestId, message: err instanceof Error ? err.message : String(err) });
        }
      }),
    ];
    panel.onDidDispose(() => disposables.forEach((d) => d.dispose()));
  }
  //#endregion
}
