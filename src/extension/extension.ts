import * as vscode from 'vscode';
import { ReviewEditorProvider, viewType } from './reviewEditorProvider';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Transcript Review', { log: true });
  context.subscriptions.push(
    log,
    ReviewEditorProvider.register(context, log),
    vscode.commands.registerCommand('transcriptReview.openInReviewEditor', async (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!target) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a .jsonl file first, then run this command.'));
        return;
      }
      await vscode.commands.executeCommand('vscode.openWith', target, viewType);
    }),
  );
  // `npm start` and the e2e tests name a file to open once the extension is up.
  const toOpen = process.env.TRANSCRIPT_REVIEW_OPEN;
  if (toOpen) void vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(toOpen), viewType);
}

export function deactivate(): void {}
