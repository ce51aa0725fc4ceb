import * as vscode from 'vscode';
import { userInfo } from 'node:os';

/** The setting `transcriptReview.annotator`, else the OS user name. */
export function currentAnnotator(): string {
  const configured = vscode.workspace.getConfiguration('transcriptReview').get<string>('annotator', '').trim();
  if (configured) return configured;
  try {
    return userInfo().username || 'anonymous';
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'anonymous';
  }
}
