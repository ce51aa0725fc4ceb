import * as vscode from 'vscode';
import { pathsOutsideWorkspace } from '../../core/posixPath';
import type { Platform } from '../platform/platform';
import type { TranscriptDocument } from './transcriptDocument';
import { uriBaseName } from '../platform/uriName';

const allowedKey = 'transcriptReview.outsideWorkspaceAllowed';

/**
 * A manifest in the workspace (from a teammate's branch, a downloaded repository) whose runs or
 * labels folder lie outside it: asked once per manifest and set of paths before the editor
 * opens it and writes labels there. The answer is kept in `workspaceState`. False: do not open.
 */
export async function confirmOutsideWorkspace(document: TranscriptDocument, platform: Platform, state: vscode.Memento): Promise<boolean> {
  if (!document.opened.manifest) return true;
  // Compared where they really lead (a link committed inside the workspace can point anywhere), case included: a differently cased path inside the workspace is asked about, never let through.
  const real = async (uri: vscode.Uri) => (platform.realPath && uri.scheme === 'file' ? platform.fileUri(await platform.realPath(platform.fileRef(uri))) : uri).toString();
  const folders = await Promise.all((vscode.workspace.workspaceFolders ?? []).map((f) => real(f.uri)));
  const targets = await Promise.all([document.opened.labelsDir, ...document.model.index.source.files].map((f) => real(platform.fileUri(f))));
  const outside = pathsOutsideWorkspace(await real(document.uri), targets, folders);
  if (outside.length === 0) return true;
  const key = `${document.uri.toString()}\n${outside.join('\n')}`;
  const allowed = state.get<string[]>(allowedKey, []);
  if (allowed.includes(key)) return true;
  const shown = outside.map((t) => vscode.Uri.parse(t)).map((u) => (u.scheme === 'file' ? u.fsPath : u.toString()));
  const open = vscode.l10n.t('Open and Write There');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('{0} reads or writes outside this workspace', uriBaseName(document.uri)),
    { modal: true, detail: vscode.l10n.t('Outside the workspace: {0}. Its labels would be written to {1}. Open it anyway?', shown.join(', '), platform.fileUri(document.opened.labelsDir).toString(true)) },
    open,
  );
  if (answer !== open) return false;
  await state.update(allowedKey, [...allowed, key]);
  return true;
}
