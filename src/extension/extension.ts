import * as vscode from 'vscode';
import { viewType } from './editor/reviewEditorProvider';
import { activateReview } from './activation';
import { calibrationReport, exportLabels } from './commands/exportCommands';
import { createNodePlatform } from './platform/platformNode';
import { fileToOpenOnStart, watchOpenRequests } from '../node/openOnStart';

/** The desktop entry (`main`): the shared review editor on Node, plus the streaming exports and the report. */
export function activate(context: vscode.ExtensionContext): void {
  const { registry } = activateReview(context, createNodePlatform(context.globalStorageUri.fsPath));
  context.subscriptions.push(
    vscode.commands.registerCommand('transcriptReview.exportLabels', (uri?: vscode.Uri, preset?: Parameters<typeof exportLabels>[2]) => exportLabels(registry, uri, preset)),
    vscode.commands.registerCommand('transcriptReview.calibrationReport', (uri?: vscode.Uri) => calibrationReport(registry, uri)),
  );
  // `npm start` and the e2e tests name a file to open once the extension is up.
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const open = (path: string) => void vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(path), viewType);
  const toOpen = fileToOpenOnStart(process.env, folder);
  if (toOpen) open(toOpen);
  context.subscriptions.push({ dispose: watchOpenRequests(process.env, folder, open) });
}

export function deactivate(): void {}
