import * as vscode from 'vscode';
import { sharedStringFields } from '../core/input/joinKeys';
import type { Manifest } from '../core/input/manifest';
import { viewType } from './reviewEditorProvider';
import type { Platform } from './platform';
import { uriBaseName } from './uriName';

/** The first records of a JSONL file (up to 256 KB), for offering join keys. */
async function sampleRecords(platform: Platform, uri: vscode.Uri, max = 20): Promise<unknown[]> {
  const head = await platform.readHead(uri, 256 * 1024);
  const lines = new TextDecoder().decode(head).replace(/^\uFEFF/, '').split('\n').slice(0, max);
  return lines.flatMap((l) => {
    try {
      return [JSON.parse(l) as unknown];
    } catch {
      return [];
    }
  });
}

/** "Compare Two Runs…": two JSONL files and a join key → a `NAME.review.json` manifest, opened. */
export async function compareTwoRuns(platform: Platform): Promise<vscode.Uri | undefined> {
  const jsonl = { [vscode.l10n.t('JSON Lines')]: ['jsonl'] };
  const [baseline] = (await vscode.window.showOpenDialog({ title: vscode.l10n.t('Compare Two Runs: the baseline run'), filters: jsonl, openLabel: vscode.l10n.t('Baseline') })) ?? [];
  if (!baseline) return undefined;
  const [trained] =
    (await vscode.window.showOpenDialog({ title: vscode.l10n.t('Compare Two Runs: the trained run'), filters: jsonl, openLabel: vscode.l10n.t('Trained'), defaultUri: vscode.Uri.joinPath(baseline, '..') })) ?? [];
  if (!trained) return undefined;
  const keys = sharedStringFields(await sampleRecords(platform, baseline), await sampleRecords(platform, trained));
  const picks: (vscode.QuickPickItem & { key: string | null })[] = [
    ...keys.map((k) => ({ label: k, description: k === 'id' ? vscode.l10n.t('default') : undefined, key: k })),
    { label: vscode.l10n.t('By line number'), description: vscode.l10n.t('line N of one run pairs with line N of the other'), key: null },
  ];
  const pick = await vscode.window.showQuickPick(picks, { title: vscode.l10n.t('Join the runs on which field?') });
  if (!pick) return undefined;
  const stem = (u: vscode.Uri) => uriBaseName(u).replace(/\.jsonl$/i, '');
  const picked = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Save the comparison as'),
    // Derived from the picked file's URI, so the scheme matches (file, or vscode-remote in a browser).
    defaultUri: vscode.Uri.joinPath(baseline, '..', `${stem(baseline)}-vs-${stem(trained)}.review.json`),
    // Filter on `json`: a dialog that only knows the last extension would append `.review.json` again.
    filters: { [vscode.l10n.t('Review manifest')]: ['json'] },
  });
  if (!picked) return undefined;
  const target = picked.path.endsWith('.review.json') ? picked : picked.with({ path: picked.path.replace(/(\.json)?$/, '.review.json') });
  const manifest: Manifest = {
    version: 1,
    baseline: { file: platform.relativeTo(target, baseline), name: stem(baseline) },
    trained: { file: platform.relativeTo(target, trained), name: stem(trained) },
    key: pick.key,
  };
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n'));
  await vscode.commands.executeCommand('vscode.openWith', target, viewType);
  return target;
}
