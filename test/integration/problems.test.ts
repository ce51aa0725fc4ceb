import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('Problems panel', () => {
  it('shows the diagnostics of a bad file at the right lines, and the good items still load', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder);
    const good = readFileSync(join(folder, 'trait-rl-sample.jsonl'), 'utf8').split('\n')[0]!;
    const dir = mkdtempSync(join(tmpdir(), 'tr-bad-'));
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, [good, '{"id": "x", "prompt": [', '', '{"id": "y", "prompt": [], "trained": {"model": "m", "messages": []}}', good.replace(/"id":\s*"[^"]+"/, '"id":"other"')].join('\n') + '\n');
    const uri = vscode.Uri.file(file);
    await vscode.commands.executeCommand('vscode.openWith', uri, 'transcriptReview.reviewEditor');
    const end = Date.now() + 30_000;
    let diags: vscode.Diagnostic[] = [];
    while (Date.now() < end) {
      diags = vscode.languages.getDiagnostics(uri);
      if (diags.length >= 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const lines = diags.map((d) => d.range.start.line + 1).sort();
    assert.deepEqual(lines, [2, 4], `diagnostics: ${diags.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('; ')}`);
    assert.ok(diags.every((d) => d.severity === vscode.DiagnosticSeverity.Error));
    assert.match(diags.find((d) => d.range.start.line === 3)!.message, /baseline/);

    // Closed, the transcript's entries leave the panel (they would outlive the file if it were deleted).
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const gone = Date.now() + 15_000;
    while (vscode.languages.getDiagnostics(uri).length > 0 && Date.now() < gone) await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(vscode.languages.getDiagnostics(uri).map((d) => d.message), [], 'the closed file still lists problems');
  });
});
