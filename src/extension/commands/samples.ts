import * as vscode from 'vscode';
import { viewType } from '../editor/reviewEditorProvider';

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
      // Read and write rather than `copy`: in the browser the extension's own files are served
      // over https, a file system only the extension host reads, and storage is the workbench's.
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(to, '..'));
      await vscode.workspace.fs.writeFile(to, await vscode.workspace.fs.readFile(vscode.Uri.joinPath(source, name)));
    }
  }
  await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.joinPath(target, 'trait-rl-sample.jsonl'), viewType);
}
