import * as vscode from 'vscode';

/** The setting `transcriptReview.annotator`, else `fallback()` (the OS user name on the desktop). */
export function currentAnnotator(fallback: () => string): string {
  const configured = vscode.workspace.getConfiguration('transcriptReview').get<string>('annotator', '').trim();
  return configured || fallback();
}
