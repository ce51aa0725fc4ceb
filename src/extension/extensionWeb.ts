import * as vscode from 'vscode';
import { activateReview } from './activation';
import { webPlatform } from './platform/platformWeb';

/**
 * The browser entry (`browser`: vscode.dev, github.dev): the same review editor, item list,
 * Problems and status bar over `vscode.workspace.fs`. Export and the calibration report stream
 * files through Node (the same code as the CLI), so here they only say where to run them.
 */
export function activate(context: vscode.ExtensionContext): void {
  activateReview(context, webPlatform);
  // Hides the desktop-only commands from menus and the palette (package.json `when` clauses).
  void vscode.commands.executeCommand('setContext', 'transcriptReview.browser', true);
  const desktopOnly = (command: string, title: string) =>
    vscode.commands.registerCommand(command, () =>
      vscode.window.showInformationMessage(vscode.l10n.t('{0} is not available in the browser. Use the desktop app, or the CLI (transcript-review export / report).', title)),
    );
  context.subscriptions.push(
    desktopOnly('transcriptReview.exportLabels', vscode.l10n.t('Export Labels')),
    desktopOnly('transcriptReview.calibrationReport', vscode.l10n.t('Calibration Report')),
  );
}

export function deactivate(): void {}
