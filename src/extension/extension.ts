import * as vscode from 'vscode';
import { ReviewEditorProvider, viewType } from './reviewEditorProvider';
import { EditorRegistry } from './editorRegistry';
import { ViewState } from './viewState';
import { StatusBar } from './statusBar';
import { registerCommands } from './commands';
import { configuredTaxonomy } from './settings';
import type { ViewOptions } from '../protocol';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Transcript Review', { log: true });
  const registry = new EditorRegistry();
  const view = new ViewState(context.workspaceState);
  const statusBar = new StatusBar(registry);
  const report = (message: string) => void vscode.window.showErrorMessage(message);
  const broadcastView = (options: ViewOptions) => registry.broadcast({ type: 'view/didChange', view: options });
  const problems = vscode.languages.createDiagnosticCollection('transcriptReview');
  const provider = new ReviewEditorProvider(context, registry, () => ({
    view,
    taxonomy: configuredTaxonomy(report),
    log,
    broadcastView,
    onProgress: () => statusBar.update(),
  }), problems);
  context.subscriptions.push(
    log,
    statusBar,
    problems,
    vscode.window.registerCustomEditorProvider(viewType, provider, { supportsMultipleEditorsPerDocument: true }),
    vscode.window.tabGroups.onDidChangeTabs(() => statusBar.update()),
    ...registerCommands(registry, view, broadcastView, () => configuredTaxonomy(report)),
  );
  // `npm start` and the e2e tests name a file to open once the extension is up.
  const toOpen = process.env.TRANSCRIPT_REVIEW_OPEN;
  if (toOpen) void vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(toOpen), viewType);
}

export function deactivate(): void {}
