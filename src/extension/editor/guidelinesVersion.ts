import * as vscode from 'vscode';
import { guidelineDigest } from '../../core/campaign/guidelineDigest';
import type { Taxonomy } from '../../core/taxonomy';

/**
 * The version stamped on new labels: a digest of the taxonomy and of the campaign's guidelines
 * file (`file`, beside the manifest `uri`); an unreadable or absent file digests as none.
 */
export async function guidelinesVersion(uri: vscode.Uri, file: string | undefined): Promise<(taxonomy: Taxonomy) => string> {
  let text: string | undefined;
  if (file !== undefined) {
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(uri, '..', file)));
    } catch {
      text = undefined;
    }
  }
  return (taxonomy) => guidelineDigest(taxonomy, text);
}
