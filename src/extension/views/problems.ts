import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/diagnostic';
import { findContradictions } from '../../core/labels/contradictions';
import type { ReviewItem } from '../../core/schema';
import type { TranscriptDocument } from '../editor/transcriptDocument';
import { pacer } from '../breathe';
import { itemLinkCode } from './problemLinks';

/** Inputs above this size are validated on demand (CLI `validate`), not on every open. */
const maxValidateBytes = 256 * 1024 * 1024;

function toVscode(d: Diagnostic): vscode.Diagnostic {
  const line = Math.max(0, d.line - 1);
  const col = Math.max(0, d.column - 1);
  const diag = new vscode.Diagnostic(
    new vscode.Range(line, col, line, col + 1),
    d.message,
    d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  diag.source = 'Transcript Review';
  return diag;
}

/** The files a transcript's entries are listed under: itself, and the files it reads (a manifest's runs). */
function filesOf(document: TranscriptDocument): string[] {
  return [document.file, ...document.model.index.source.files];
}

/** Diagnostics shown per file; past it one entry says how many more there are and what lists them all. */
export const maxProblemsPerFile = 1000;

function capped(list: vscode.Diagnostic[], file: string): vscode.Diagnostic[] {
  if (list.length <= maxProblemsPerFile) return list;
  const more = new vscode.Diagnostic(
    new vscode.Range(0, 0, 0, 1),
    vscode.l10n.t('… and {0} more; run `transcript-review validate {1}` for the full list', (list.length - maxProblemsPerFile).toLocaleString('en-US'), file),
    vscode.DiagnosticSeverity.Information,
  );
  more.source = 'Transcript Review';
  return [...list.slice(0, maxProblemsPerFile), more];
}

/**
 * The Problems panel for open transcripts: bad input lines (validated in the background after
 * indexing; a click opens the raw line) and contradictions in my labels, on the item's line.
 */
export class Problems implements vscode.Disposable {
  /** `sideName` names sides as they are shown (blind mode: "Response A"). */
  constructor(private readonly _sideName: (item: ReviewItem, side: string) => string) {}

  private readonly _collection = vscode.languages.createDiagnosticCollection('transcriptReview');
  private readonly _input = new Map<TranscriptDocument, Diagnostic[]>();
  private readonly _labels = new Map<TranscriptDocument, Map<string, Diagnostic[]>>();

  async scan(document: TranscriptDocument): Promise<void> {
    const { model } = document;
    await model.index.built;
    const found: Diagnostic[] = [...model.problems, ...model.book.diagnostics];
    const contradictions = new Map<string, Diagnostic[]>();
    const size = await document.inputBytes();
    if (size <= maxValidateBytes) {
      // Let the extension host breathe on big files, by time: keys and the webview wait at most a frame.
      const pace = pacer();
      for await (const r of model.index.source.items()) {
        found.push(...r.diagnostics);
        if (r.item) contradictions.set(r.item.id, this._contradictions(document, r.item, r.line));
        const breath = pace();
        if (breath) await breath;
      }
    }
    this._input.set(document, found);
    this._labels.set(document, contradictions);
    this._publish(document);
  }

  /**
   * After my labels changed: re-check the items named, or (`items` undefined: the log was
   * reloaded, or blind mode changed how sides are named) every item with labels or a problem.
   */
  async labelsChanged(document: TranscriptDocument, items?: ReadonlySet<string>): Promise<void> {
    let map = this._labels.get(document);
    if (!map) this._labels.set(document, (map = new Map()));
    const { book, index } = document.model;
    const ids = items ?? new Set([...book.mine.state.labeledItems(), ...map.keys()]);
    for (const id of ids) {
      const found = await index.find(id);
      if (found) map.set(id, this._contradictions(document, found.item, found.line));
      else map.delete(id);
    }
    this._publish(document);
  }

  /**
   * A closed transcript's entries leave the panel (it lists open transcripts' problems: kept, they
   * outlived the file when it was deleted); another open transcript over a shared file keeps its own.
   */
  forget(document: TranscriptDocument): void {
    this._input.delete(document);
    this._labels.delete(document);
    const files = filesOf(document);
    for (const file of files) this._collection.delete(document.fileUri(file));
    for (const other of this._input.keys()) if (filesOf(other).some((f) => files.includes(f))) this._publish(other);
  }

  private _contradictions(document: TranscriptDocument, item: ReviewItem, line: number): Diagnostic[] {
    const file = document.model.index.source.files[0] ?? document.file;
    return findContradictions(item, document.model.book.forItem(item.id), (side) => this._sideName(item, side)).map((c) => ({
      file,
      line,
      column: 0,
      severity: 'warning' as const,
      message: `${item.id}: ${c.message} (my labels)`,
    }));
  }

  private _publish(document: TranscriptDocument): void {
    // A contradiction links to its item in the review editor (a click on its code, or the quick fix).
    const linked = (d: Diagnostic, item: string) => Object.assign(toVscode(d), { code: itemLinkCode({ document: document.uri.toString(), item }) });
    const all = [
      ...(this._input.get(document) ?? []).map((d) => [d, toVscode(d)] as const),
      ...[...(this._labels.get(document) ?? [])].flatMap(([item, list]) => list.map((d) => [d, linked(d, item)] as const)),
    ];
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const file of filesOf(document)) byFile.set(file, []);
    for (const [d, v] of all) {
      const list = byFile.get(d.file) ?? [];
      list.push(v);
      byFile.set(d.file, list);
    }
    for (const [file, list] of byFile) this._collection.set(document.fileUri(file), capped(list, file));
  }

  dispose(): void {
    this._collection.dispose();
  }
}
