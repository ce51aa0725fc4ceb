import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { mkdtempSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { retry } from '../waitFor';

const viewType = 'transcriptReview.reviewEditor';

describe('dataset watched while open', () => {
  it('a rewritten dataset is indexed again; the shown item is found by id at its new line and keeps its labels', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder);
    const dir = mkdtempSync(join(tmpdir(), 'tr-watch-'));
    const file = join(dir, 'watched.jsonl');
    copyFileSync(join(folder, 'trait-rl-sample.jsonl'), file);
    const uri = vscode.Uri.file(file);
    await vscode.commands.executeCommand('vscode.openWith', uri, viewType);
    const event = await retry('the first item', () =>
      vscode.commands.executeCommand<{ item: string }>('transcriptReview.recordLabel', { kind: 'verdict', side: 'trained', trait: 'truthfulness', value: 'violation' }),
    );
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    assert.equal((JSON.parse(lines[0]!) as { id: string }).id, event.item);
    // A pipeline rewrites the file: the first item is now on the last line, and two items are gone.
    const rewritten = [...lines.slice(3), lines[0]!];
    writeFileSync(file, rewritten.join('\n') + '\n');
    const line = await retry('the item to be found again on its new line', async () => {
      await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
      await vscode.commands.executeCommand('vscode.openWith', uri, viewType);
      await vscode.commands.executeCommand('transcriptReview.revealRawLine');
      const editor = vscode.window.activeTextEditor;
      const at = editor?.document.uri.fsPath === file ? editor.selection.active.line + 1 : 0;
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      if (at !== rewritten.length) throw new Error(`revealed line ${at}`);
      return at;
    }, 30_000);
    assert.equal(line, rewritten.length);
    // The label recorded before the rewrite is still on the item.
    const again = await vscode.commands.executeCommand<{ item: string }>('transcriptReview.recordLabel', { kind: 'verdict', side: 'baseline', trait: 'truthfulness', value: 'ok' });
    assert.equal(again.item, event.item);
  });
});
