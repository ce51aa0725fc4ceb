import * as vscode from 'vscode';
import type { ReviewSession } from './reviewSession';
import { inputKind } from '../../core/input/inputKind';
import { uriBaseName } from '../platform/uriName';
import { recordText, showRecord } from './recordView';

/**
 * The first item from position `from` on (wrapping) whose id `match`es. Reads the per-file item
 * summaries the item list keeps (one sequential scan per file, with progress the first time),
 * so `g` and `n` do not parse items again on every press.
 */
async function findItem(session: ReviewSession, from: number, title: string, match: (id: string) => boolean): Promise<number | undefined> {
  const all = await session.document.summariesWithProgress(title);
  const n = all.length;
  const start = all.findIndex((x) => x.index >= from);
  for (let k = 0; k < n; k++) {
    const s = all[((start < 0 ? 0 : start) + k) % n]!;
    if (match(s.id)) return s.index;
  }
  return undefined;
}

/** `g`: asks for an item id or `#N` and shows it. The key (via the session) and the command both come here. */
export async function goToItem(s: ReviewSession): Promise<void> {
  const answer = await vscode.window.showInputBox({
    title: vscode.l10n.t('Go to Item'),
    prompt: vscode.l10n.t('An item id, or #N for the N-th item'),
    placeHolder: 'health-0042  or  #17',
  });
  if (!answer) return;
  const text = answer.trim();
  // `#N` is a position; a bare number is an id first (ids like "17" exist), else a position.
  const found = text.startsWith('#') ? undefined : await findItem(s, 0, vscode.l10n.t('Finding {0}…', text), (id) => id === text);
  const number = /^#?(\d+)$/.exec(text);
  if (found === undefined && number) {
    const i = Number(number[1]) - 1;
    if (i >= 0 && (await s.document.waitForEntry(i))) return s.show(i);
  }
  if (found === undefined) void vscode.window.showWarningMessage(vscode.l10n.t('No item with id "{0}".', text));
  else await s.show(found);
}

/**
 * Opens the shown item's line in the text editor beside (for two runs: in the first run's file).
 * A zip, a gzip stream, Parquet or one JSON object has no text line to open at: the record is
 * shown instead, as a read-only JSON document.
 */
export async function revealRawLine(s: ReviewSession): Promise<void> {
  const file = s.document.fileUri(s.document.dataset.files[0] ?? s.document.file);
  if (inputKind(file.path) !== 'jsonl') {
    const r = await s.document.dataset.item(s.index);
    await showRecord(`${uriBaseName(s.document.fileUri(s.document.file))} — ${r.item?.id ?? r.transcript?.id ?? `record ${s.index + 1}`}`, recordText(r));
    return;
  }
  const pos = new vscode.Position(Math.max(0, s.line - 1), 0);
  await vscode.window.showTextDocument(file, { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.Beside });
}
