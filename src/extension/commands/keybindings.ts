import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';
import { keyBindings, keyLabel, resolvedKeys, type UserBinding } from '../../core/review/keys';
import type { KeyHelp } from '../../protocol';
import type { EditorRegistry } from '../editor/editorRegistry';

/**
 * The review editor's key commands: each one a contributed keybinding (package.json, from
 * src/core/review/keys.ts), remappable in keybindings.json. The view reads the bindings as resolved
 * and runs a key itself when it was pressed on the review; VS Code never sees those keys. A command
 * that still arrives here (a key pressed elsewhere in the workbench, or the palette) is passed on,
 * and the view, which did not see that key pressed on it, declines it and says so.
 */
export function registerKeyCommands(registry: EditorRegistry): vscode.Disposable[] {
  return keyBindings.flatMap((b) => {
    const action = b.action;
    if (!action) return [];
    return [
      vscode.commands.registerCommand(b.command, () => {
        const session = registry.active;
        if (!session) return void vscode.window.showInformationMessage(vscode.l10n.t('Open a transcript in the review editor first.'));
        session.post({ type: 'ui/key', action, ...(b.n ? { n: b.n } : {}) });
      }),
    ];
  });
}

/** The user's keybindings.json, beside the global storage of extensions (empty when unreadable). */
async function userBindings(context: vscode.ExtensionContext): Promise<UserBinding[]> {
  try {
    const file = vscode.Uri.joinPath(context.globalStorageUri, '..', '..', 'keybindings.json');
    const parsed: unknown = parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
    return Array.isArray(parsed) ? parsed.filter((x): x is UserBinding => typeof x === 'object' && x !== null) : [];
  } catch {
    return [];
  }
}

/**
 * The help overlay's list: the keys each command has after keybindings.json. Per-trait keys
 * that are all as shipped read as one line ("1 … 9").
 */
export async function currentKeys(context: vscode.ExtensionContext, mac: boolean): Promise<KeyHelp[]> {
  const keys = resolvedKeys(await userBindings(context), mac);
  const shown = (command: string, fallback: string) => (keys.get(command) ?? [fallback]).map(keyLabel);
  const out: KeyHelp[] = [];
  const grouped = new Set<string>();
  for (const b of keyBindings) {
    if (grouped.has(b.command)) continue;
    const group = b.n ? keyBindings.filter((x) => x.action === b.action && x.n) : [];
    const asShipped = group.length > 1 && group.every((x) => (keys.get(x.command) ?? []).join() === x.key);
    if (asShipped) {
      for (const x of group) grouped.add(x.command);
      const bound = group.map((x) => ({ command: x.command, keys: keys.get(x.command) ?? [] }));
      out.push({ keys: [`${keyLabel(group[0]!.key)} … ${keyLabel(group[group.length - 1]!.key)}`], help: b.help.replaceAll(String(b.n), 'N'), bound });
      continue;
    }
    out.push({ keys: shown(b.command, b.key), help: b.help, bound: [{ command: b.command, keys: keys.get(b.command) ?? [] }] });
  }
  return out;
}
