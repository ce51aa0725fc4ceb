import * as vscode from 'vscode';
import { viewType } from './reviewEditorProvider';

/**
 * Opens the bundled samples. They are copied to the extension's storage first: labels are
 * written beside the data, and the installed extension's own folder is no place for them.
 */
export async function openSamples(context: vscode.ExtensionContext): Promise<void> {
  const target = vscode.Uri.joinPath(context.globalStorageUri, 'samples');
  const source = vscode.Uri.joinPath(context.extensionUri, 'samples');
  for (const name of ['trait-rl-sample.jsonl', 'hh-style.jsonl', 'runs/baseline.jsonl', 'runs/trained.jsonl']) {
    const to = vscode.Uri.joinPath(target, name);
    try {
      await vscode.workspace.fs.stat(to);
    } catch {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(to, '..'));
      await vscode.workspace.fs.copy(vscode.Uri.joinPath(source, name), to);
    }
  }
  await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.joinPath(target, 'trait-rl-sample.jsonl'), viewType);
}
