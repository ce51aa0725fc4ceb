import * as vscode from 'vscode';
import { htmlPage, newNonce } from '../../core/htmlPage';

/** Webview options: scripts on, resources only from the extension's own `dist` and `media`. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/**
 * The review webview's page (the one shell, `htmlPage`): a strict CSP (no inline script or
 * style, no eval), the bundled script by nonce. All content is rendered by the script as text nodes.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, script: string, title: string): string {
  const n = newNonce();
  const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  return htmlPage({
    title,
    csp: ["default-src 'none'", `script-src 'nonce-${n}'`, `style-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `img-src ${webview.cspSource} data:`],
    head: `<link rel="stylesheet" href="${asset('dist', 'codicon.css')}" id="vscode-codicon-stylesheet">\n<link rel="stylesheet" href="${asset('media', 'review.css')}">`,
    body: `<div id="root" aria-live="polite"></div>\n<script nonce="${n}" src="${asset('dist', script)}"></script>`,
  });
}
