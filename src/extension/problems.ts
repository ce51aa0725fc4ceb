import * as vscode from 'vscode';
import type { Diagnostic } from '../core/diagnostic';
import type { TranscriptDocument } from './transcriptDocument';

import { statSync } from 'node:fs';

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

/**
 * Validates every line of an opened transcript in the background, after indexing, and puts the
 * problems on the `.jsonl` file in the Problems panel (a click opens the raw line).
 */
export async function reportProblems(document: TranscriptDocument, collection: vscode.DiagnosticCollection): Promise<void> {
  await document.indexed;
  const found: Diagnostic[] = [...document.problems, ...document.labels.diagnostics];
  const size = document.dataset.files.reduce((sum, f) => sum + statSync(f).size, 0);
  if (size <= maxValidateBytes) {
    let i = 0;
    for await (const r of document.dataset.items()) {
      found.push(...r.diagnostics);
      // Let the extension host breathe on big files.
      if (++i % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const byFile = new Map<string, vscode.Diagnostic[]>();
  for (const d of found) {
    const list = byFile.get(d.file) ?? [];
    list.push(toVscode(d));
    byFile.set(d.file, list);
  }
  collection.set(document.uri, byFile.get(document.uri.fsPath) ?? []);
  for (const [file, list] of byFile) if (file !== document.uri.fsPath) collection.set(vscode.Uri.file(file), list);
}
