import * as vscode from 'vscode';

/**
 * Opens a link from model text in the browser, only an absolute http(s) URL and only after the
 * reader confirms it in a modal that shows the full address (model text is untrusted: a link's
 * words may not say where it goes). Called by the review session on `link/open`.
 */
export async function openLink(url: string): Promise<boolean> {
  let target: vscode.Uri;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
    target = vscode.Uri.parse(parsed.href, true);
  } catch {
    return false;
  }
  const open = vscode.l10n.t('Open Link');
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Open a link from the transcript in your browser?'), { modal: true, detail: target.toString(true) }, open);
  if (choice !== open) return false;
  return vscode.env.openExternal(target);
}
