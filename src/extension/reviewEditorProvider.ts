import * as vscode from 'vscode';
import { webviewToHostSchema, type HostToWebview, type WebviewToHost } from '../protocol';
import { defaultTaxonomy } from '../core/taxonomy';
import { basename } from 'node:path';
import { TranscriptDocument } from './transcriptDocument';
import { currentAnnotator } from './annotator';
import { webviewHtml, webviewOptions } from './webviewHtml';
import { describeSchemaError } from '../core/schemaMessage';

export const viewType = 'transcriptReview.reviewEditor';

/** Opens JSONL transcripts in the review webview. Read-only: labels go to separate log files. */
export class ReviewEditorProvider implements vscode.CustomReadonlyEditorProvider<TranscriptDocument> {
  private readonly _log: vscode.LogOutputChannel;

  constructor(
    private readonly _context: vscode.ExtensionContext,
    log: vscode.LogOutputChannel,
  ) {
    this._log = log;
  }

  static register(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
    return vscode.window.registerCustomEditorProvider(viewType, new ReviewEditorProvider(context, log), {
      supportsMultipleEditorsPerDocument: true,
    });
  }

  //#region CustomReadonlyEditorProvider
  async openCustomDocument(uri: vscode.Uri): Promise<TranscriptDocument> {
    return TranscriptDocument.create(uri, currentAnnotator());
  }

  async resolveCustomEditor(document: TranscriptDocument, panel: vscode.WebviewPanel): Promise<void> {
    const { webview } = panel;
    webview.options = webviewOptions(this._context.extensionUri);
    webview.html = webviewHtml(webview, this._context.extensionUri, 'webview.js', 'Transcript Review');
    const post = (m: HostToWebview) => void webview.postMessage(m);
    const disposables: vscode.Disposable[] = [];

    disposables.push(
      document.onDidIndex((p) => post({ type: 'document/didIndex', count: p.lines, done: p.done, fraction: p.totalBytes ? p.bytesScanned / p.totalBytes : 1 })),
      webview.onDidReceiveMessage(async (raw: unknown) => {
        const parsed = webviewToHostSchema.safeParse(raw);
        if (!parsed.success) {
          this._log.warn(`dropped an invalid message from the webview: ${describeSchemaError(parsed.error, 'message')}`);
          return;
        }
        try {
          await this._handle(document, parsed.data, post);
        } catch (err) {
          this._log.error(err instanceof Error ? err : new Error(String(err)));
        }
      }),
    );
    panel.onDidDispose(() => disposables.forEach((d) => d.dispose()));
  }
  //#endregion

  private async _handle(document: TranscriptDocument, m: WebviewToHost, post: (m: HostToWebview) => void): Promise<void> {
    switch (m.type) {
      case 'webview/ready': {
        post({ type: 'document/didInit', fileName: basename(document.uri.fsPath), annotator: document.labels.annotator, taxonomy: defaultTaxonomy, position: 0 });
        const { index } = document.dataset;
        post({ type: 'document/didIndex', count: index.count, done: index.done, fraction: index.done ? 1 : 0 });
        return;
      }
      case 'item/show': {
        if (!(await document.waitForEntry(m.index))) return;
        const result = await document.dataset.item(m.index);
        post({
          type: 'item/didShow',
          index: m.index,
          count: document.dataset.count,
          line: result.line,
          item: result.item ?? null,
          errors: result.diagnostics.map((d) => d.message),
          labels: result.item ? document.labels.state.forItem(result.item.id) : [],
        });
        return;
      }
      case 'label/add': {
        try {
          const event = await document.labels.add(m.draft);
          post({ type: 'label/didSave', requestId: m.requestId, event });
        } catch (err) {
          post({ type: 'label/didFail', requestId: m.requestId, message: err instanceof Error ? err.message : String(err) });
        }
        return;
      }
      case 'label/remove': {
        try {
          await document.labels.remove(m.target);
          post({ type: 'label/didSave', requestId: m.requestId, event: null });
        } catch (err) {
          post({ type: 'label/didFail', requestId: m.requestId, message: err instanceof Error ? err.message : String(err) });
        }
        return;
      }
    }
  }
}
