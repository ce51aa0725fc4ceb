import * as vscode from 'vscode';
import type { ItemResult } from '../../core/input/dataset';

/** Read-only documents of one record each, for inputs that have no text line to open. */
export const recordScheme = 'transcript-review-record';

const contents = new Map<string, string>();
const changed = new vscode.EventEmitter<vscode.Uri>();

/** Keeps the shown records while their tabs may ask for them again; a window's worth is small. */
const maxKept = 50;

export const recordContentProvider: vscode.TextDocumentContentProvider = {
  onDidChange: changed.event,
  provideTextDocumentContent: (uri) => contents.get(uri.toString()) ?? '',
};

/**
 * The record behind item result `r` as JSON text: its source bytes when the reader kept them
 * (JSONL inside a `.gz`), pretty-printed; else the transcript as it was read from the container
 * (an Inspect sample, a Parquet row), which is what the review editor shows.
 */
export function recordText(r: ItemResult): string {
  if (r.record) {
    const text = new TextDecoder().decode(r.record.bytes);
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return text;
    }
  }
  return JSON.stringify(r.item ?? r.transcript ?? { diagnostics: r.diagnostics }, null, 2);
}

/** Opens `text` beside the editor as a read-only JSON document named `name`. */
export async function showRecord(name: string, text: string): Promise<void> {
  const uri = vscode.Uri.from({ scheme: recordScheme, path: `/${name.replace(/[\\/]/g, '_')}.json` });
  contents.delete(uri.toString());
  contents.set(uri.toString(), text);
  while (contents.size > maxKept) contents.delete(contents.keys().next().value!);
  changed.fire(uri);
  await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}
