import * as vscode from 'vscode';
import { inputKind } from '../../core/input/inputKind';
import { rankJoinKeys } from '../../core/input/joinKeys';
import type { Manifest } from '../../core/input/manifest';
import { sideNameOf } from '../../core/input/sideNames';
import { viewType } from '../editor/reviewEditorProvider';
import type { Platform } from '../platform/platform';
import { uriBaseName } from '../platform/uriName';
import { pickOne } from '../quickInput';

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

/** Inspect logs (and folders of them) join on sample id + epoch (+ task): no key to ask for. */
const isInspectRun = (uri: vscode.Uri, folder: boolean) => folder || ['inspect-eval', 'inspect-json'].includes(inputKind(uri.path));

/** The join key of two run files: a quick pick of the string fields both share, or by line. Undefined when cancelled. */
async function pickKey(platform: Platform, baseline: vscode.Uri, trained: vscode.Uri): Promise<{ key: string | null } | undefined> {
  // Compressed runs cannot be peeked at cheaply: offer `id`, the usual key, and line numbers.
  const plain = (u: vscode.Uri) => inputKind(u.path) === 'jsonl';
  // Unique fields first, each with how distinct it is in the first records: `dataset` (5 values) is no key.
  const keys = plain(baseline) && plain(trained) ? rankJoinKeys(await sampleRecords(platform, baseline), await sampleRecords(platform, trained)) : undefined;
  const described = keys?.map((c) => ({
    label: c.field,
    description: c.unique
      ? vscode.l10n.t('unique in the first {0} records', Math.min(...c.records))
      : vscode.l10n.t('not unique: {0} distinct values in {1} records', Math.min(...c.distinct), Math.max(...c.records)),
    key: c.field,
  }));
  const picks: (vscode.QuickPickItem & { key: string | null })[] = [
    ...(described ?? [{ label: 'id', description: vscode.l10n.t('default'), key: 'id' }]),
    { label: vscode.l10n.t('By line number'), description: vscode.l10n.t('line N of one run pairs with line N of the other'), key: null },
  ];
  const pick = await pickOne(picks, { title: vscode.l10n.t('Join the runs on which field?') });
  return pick ? { key: pick.key } : undefined;
}

/**
 * "Compare Two Runs…": two run files (JSONL, `.jsonl.gz`, Inspect `.eval` / `.json` logs) or two
 * folders of Inspect logs (a baseline model's benchmark folder against the trained model's) →
 * a `NAME.review.json` manifest, opened. Inspect runs join by (task,) sample id and epoch.
 */
export async function compareTwoRuns(platform: Platform): Promise<vscode.Uri | undefined> {
  const kinds = [
    { label: vscode.l10n.t('Two run files'), description: vscode.l10n.t('JSONL, .jsonl.gz, or Inspect .eval / .json logs'), folder: false },
    { label: vscode.l10n.t('Two folders of Inspect logs'), description: vscode.l10n.t('one log per task: joined by task, sample id and epoch'), folder: true },
    // Joined by task too (Harbor's task name, else the first user message): no key to ask for.
    { label: vscode.l10n.t('Two folders of agent traces'), description: vscode.l10n.t('Claude Code sessions, Codex rollouts, OTel traces or Harbor trials: joined by task'), folder: true },
  ];
  const kind = await pickOne(kinds, { title: vscode.l10n.t('Compare Two Runs: what are the runs?') });
  if (!kind) return undefined;
  const filters = kind.folder ? undefined : { [vscode.l10n.t('Runs')]: ['jsonl', 'gz', 'eval', 'json'] };
  const dialog = (title: string, openLabel: string, defaultUri?: vscode.Uri) =>
    vscode.window.showOpenDialog({ title, filters, openLabel, defaultUri, canSelectFiles: !kind.folder, canSelectFolders: kind.folder });
  const [baseline] = (await dialog(vscode.l10n.t('Compare Two Runs: the baseline run'), vscode.l10n.t('Baseline'))) ?? [];
  if (!baseline) return undefined;
  const [trained] = (await dialog(vscode.l10n.t('Compare Two Runs: the trained run'), vscode.l10n.t('Trained'), vscode.Uri.joinPath(baseline, '..'))) ?? [];
  if (!trained) return undefined;
  const inspect = isInspectRun(baseline, kind.folder) && isInspectRun(trained, kind.folder);
  const joined: { key?: string | null } | undefined = inspect ? {} : await pickKey(platform, baseline, trained);
  if (!joined) return undefined;
  const stem = (u: vscode.Uri) => sideNameOf(uriBaseName(u));
  const names: [string, string] = stem(baseline) !== stem(trained) ? [stem(baseline), stem(trained)] : ['baseline', 'trained'];
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
    baseline: { file: platform.relativeTo(target, baseline), name: names[0] },
    trained: { file: platform.relativeTo(target, trained), name: names[1] },
    ...(joined.key !== undefined ? { key: joined.key } : {}),
  };
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n'));
  await vscode.commands.executeCommand('vscode.openWith', target, viewType);
  return target;
}
