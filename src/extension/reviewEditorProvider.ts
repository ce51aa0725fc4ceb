import * as vscode from 'vscode';
import { webviewToHostSchema } from '../protocol';
import { describeSchemaError } from '../core/schemaMessage';
import { TranscriptDocument } from './transcriptDocument';
import { currentAnnotator } from './annotator';
import { webviewHtml, webviewOptions } from './webviewHtml';
import { ReviewSession, type SessionDeps } from './reviewSession';
import type { EditorRegistry } from './editorRegistry';
import type { Problems } from './problems';
import type { Platform } from './platform';
import { confirmOutsideWorkspace } from './outsideWorkspace';

export const viewType = 'transcriptReview.reviewEditor';

/** Opens JSONL transcripts in the review webview. Read-only: labels go to separate log files. */
export class ReviewEditorProvider implements vscode.CustomReadonlyEditorProvider<TranscriptDocument> {
  constructor(
    private readonly _context: vscode.ExtensionContext,
    private readonly _registry: EditorRegistry,
    private readonly _deps: () => SessionDeps,
    private readonly _problems: Problems,
    private readonly _platform: Platform,
  ) {}

  //#region CustomReadonlyEditorProvider
  async openCustomDocument(uri: vscode.Uri): Promise<TranscriptDocument> {
    const document = await TranscriptDocument.create(uri, currentAnnotator(this._platform.defaultAnnotator), this._platform);
    if (!(await confirmOutsideWorkspace(document, this._platform, this._context.workspaceState))) {
      document.dispose();
      throw new Error(vscode.l10n.t('Not opened: {0} points outside this workspace.', uri.fsPath || uri.toString()));
    }
    void this._problems.scan(document).catch((err) => this._deps().log.error(String(err)));
    document.onDidDispose(() => this._problems.forget(document));
    document.onDidReload(() => void this._problems.scan(document).catch((err) => this._deps().log.error(String(err))));
    return document;
  }

  async resolveCustomEditor(document: TranscriptDocument, panel: vscode.WebviewPanel): Promise<void> {
    const { webview } = panel;
    webview.options = webviewOptions(this._context.extensionUri);
    webview.html = webviewHtml(webview, this._context.extensionUri, 'webview.js', 'Transcript Review');
    const deps = this._deps();
    const session = new ReviewSession(document, panel, {
      ...deps,
      onLabelsChanged: (item, line) => this._problems.updateItem(document, item, line),
    });
    const disposables: vscode.Disposable[] = [
      this._registry.add(session),
      document.onDidIndex((p) => {
        session.post({ type: 'document/didIndex', count: p.lines, done: p.done, fraction: p.totalBytes ? p.bytesScanned / p.totalBytes : 1 });
        if (p.done) deps.onProgress();
      }),
      // The file was rewritten: show the same item, found by id (its line may have moved).
      document.onDidReload(async (r) => {
        session.post({ type: 'document/didIndex', count: r.after, done: true, fraction: 1 });
        const id = session.item?.id;
        const found = id === undefined ? undefined : await r.find(id, session.index);
        await session.show(found ?? Math.min(session.index, Math.max(0, r.after - 1)));
        deps.onProgress();
      }),
      document.onDidChangeLabels(() => {
        session.refreshLabels();
        if (session.item) this._problems.updateItem(document, session.item, session.line);
      }),
      webview.onDidReceiveMessage(async (raw: unknown) => {
        const parsed = webviewToHostSchema.safeParse(raw);
        if (!parsed.success) {
          deps.log.warn(`dropped an invalid message from the webview: ${describeSchemaError(parsed.error, 'message')}`);
          return;
        }
        try {
          await session.handle(parsed.data);
        } catch (err) {
          deps.log.error(err instanceof Error ? err : new Error(String(err)));
        }
      }),
      panel.onDidChangeViewState(() => deps.onProgress()),
    ];
    panel.onDidDispose(() => disposables.forEach((d) => d.dispose()));
  }
  //#endregion
}
