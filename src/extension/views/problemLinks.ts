import * as vscode from 'vscode';

const command = 'transcriptReview.openItemById';

/** Where a label contradiction lives: the review document and the item's id. */
export interface ItemLink {
  document: string;
  item: string;
}

/**
 * The link on a label contradiction in Problems (its `code`): a command URI (Problems opens
 * code links with commands allowed) that shows the item in the review editor, not the raw line.
 */
export function itemLinkUri(link: ItemLink): vscode.Uri {
  return vscode.Uri.parse(`command:${command}?${encodeURIComponent(JSON.stringify([link.document, link.item]))}`);
}

export function parseItemLink(uri: vscode.Uri): ItemLink | undefined {
  if (uri.scheme !== 'command' || uri.path !== command) return undefined;
  try {
    const args: unknown = JSON.parse(uri.query);
    return Array.isArray(args) && typeof args[0] === 'string' && typeof args[1] === 'string' ? { document: args[0], item: args[1] } : undefined;
  } catch {
    return undefined;
  }
}

/** The diagnostic `code` of a contradiction: "open item", linked. */
export function itemLinkCode(link: ItemLink): vscode.Diagnostic['code'] {
  return { value: vscode.l10n.t('open in review editor'), target: itemLinkUri(link) };
}

/**
 * Quick fix on a contradiction (Problems' light bulb, or Ctrl+. on the raw line): "Open Item in
 * Review Editor".
 */
export class ItemLinkActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(_doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return context.diagnostics.flatMap((d) => {
      const target = typeof d.code === 'object' && d.code.target instanceof vscode.Uri ? parseItemLink(d.code.target) : undefined;
      if (!target) return [];
      const action = new vscode.CodeAction(vscode.l10n.t('Open item {0} in the review editor', target.item), vscode.CodeActionKind.QuickFix);
      action.diagnostics = [d];
      action.isPreferred = true;
      action.command = { command, title: action.title, arguments: [target.document, target.item] };
      return [action];
    });
  }
}
