import type * as vscode from 'vscode';
import { baseName } from '../../core/posixPath';

/** A URI's file name, for titles and messages: `node:path` is not there in the browser, and `Utils` would be a dependency. */
export function uriBaseName(uri: vscode.Uri): string {
  return baseName(uri.path);
}
