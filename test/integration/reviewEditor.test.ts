import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { retry, waitFor } from '../waitFor';
import { writeBigLog } from '../bigLog';
import { mkdtempSync, copyFileSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const viewType = 'transcriptReview.reviewEditor';

function sampleCopy(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(folder, 'the integration workspace has no folder');
  const dir = mkdtempSync(join(tmpdir(), 'tr-int-'));
  const file = join(dir, 'sample.jsonl');
  copyFileSync(join(folder, 'trait-rl-sample.jsonl'), file);
  return vscode.Uri.file(file);
}

describe('review editor', () => {
  it('registers every palette command', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['goToItem', 'nextUnlabeled', 'revealRawLine', 'swapSides', 'toggleBlindMode', 'undoLabel', 'redoLabel', 'tagSelection', 'setAnnotator']) {
      assert.ok(commands.includes(`transcriptReview.${c}`), `transcriptReview.${c} is not registered`);
    }
  });

  it('vscode.openWith opens a sample in the review editor, not a text editor', async () => {
    const uri = sampleCopy();
    await vscode.commands.executeCommand('vscode.openWith', uri, viewType);
    const tab = await waitFor('the review editor tab', () => vscode.window.tabGroups.activeTabGroup.activeTab, 20_000);
    assert.ok(tab.input instanceof vscode.TabInputCustom, 'the active tab is not a custom editor');
    assert.equal((tab.input as vscode.TabInputCustom).viewType, viewType);
    assert.equal(vscode.workspace.textDocuments.some((d) => d.uri.fsPath === uri.fsPath), false, 'the JSONL was loaded into a text model');
  });

  it('a label recorded through the host is on disk, fsync’d, in the event format', async () => {
    const uri = sampleCopy();
    await vscode.commands.executeCommand('vscode.openWith', uri, viewType);
    // The host knows the current item once the webview has asked for item 1: retry until then.
    const event = await retry('the review editor to show an item', () =>
      vscode.commands.executeCommand<{ id: string; item: string }>('transcriptReview.recordLabel', {
        kind: 'verdict',
        side: 'trained',
        trait: 'truthfulness',
        value: 'violation',
      }),
    );
    const log = join(uri.fsPath.replace(/\.jsonl$/, '.labels'), `${userInfo().username}.jsonl`);
    assert.ok(existsSync(log), `no label log at ${log}`);
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const found = lines.find((l) => l.id === event.id);
    assert.ok(found, 'the event is not in the log');
    assert.equal(found.v, 1);
    assert.equal(found.op, 'add');
    assert.equal(found.kind, 'verdict');
    assert.equal(found.side, 'trained');
    assert.equal(found.trait, 'truthfulness');
    assert.equal(found.value, 'violation');
    assert.equal(found.item, event.item);
  });
});

describe('labels the host refuses', () => {
  it('transcriptReview.recordLabel checks its draft: a value outside the enum or an invented span is refused and nothing is written', async () => {
    const uri = sampleCopy();
    await vscode.commands.executeCommand('vscode.openWith', uri, viewType);
    await retry('the review editor to show an item', () => vscode.commands.executeCommand('transcriptReview.recordLabel', { kind: 'note', text: 'first' }));
    const log = join(uri.fsPath.replace(/\.jsonl$/, '.labels'), `${userInfo().username}.jsonl`);
    const before = readFileSync(log, 'utf8');
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('transcriptReview.recordLabel', { kind: 'verdict', side: 'trained', trait: 'truthfulness', value: 'VIOLATION' })),
      /recordLabel: .*value/,
    );
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('transcriptReview.recordLabel', { kind: 'span', side: 'trained', message: 999, field: 'content', start: 1e15, end: 3, quote: 'invented', trait: 'truthfulness' })),
      /has no message 999/,
    );
    assert.equal(readFileSync(log, 'utf8'), before, 'a refused label was written');
  });

  it('a dataset whose label log is 600 MB (past the string limit) opens, with the log folded', async function () {
    this.timeout(180_000);
    const uri = sampleCopy();
    const me = userInfo().username;
    const log = join(uri.fsPath.replace(/\.jsonl$/, '.labels'), `${me}.jsonl`);
    writeBigLog(log, me, 600 * 1024 * 1024, [{ id: 'big-pref', item: 'health-0001', kind: 'preference', value: 'trained' }]);
    await vscode.commands.executeCommand('vscode.openWith', uri, viewType);
    // Undo works on this session's changes only, so a fresh label proves the document opened; the
    // preference from the end of the big log is the current one (a second one supersedes it).
    const event = await retry('the review editor to open', () => vscode.commands.executeCommand<{ id: string }>('transcriptReview.recordLabel', { kind: 'preference', value: 'baseline' }), 150_000);
    assert.ok(event.id);
    const tail = readFileSync(log).subarray(-2000).toString('utf8');
    assert.match(tail, new RegExp(`"id":"${event.id}"`));
  });
});

describe('review manifests', () => {
  it('a *.review.json opens in the review editor by default; a *.jsonl opens as text by default', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder);
    const dir = mkdtempSync(join(tmpdir(), 'tr-manifest-'));
    copyFileSync(join(folder, 'runs', 'baseline.jsonl'), join(dir, 'baseline.jsonl'));
    copyFileSync(join(folder, 'runs', 'trained.jsonl'), join(dir, 'trained.jsonl'));
    const manifest = join(dir, 'runs.review.json');
    writeFileSync(manifest, JSON.stringify({ version: 1, baseline: { file: 'baseline.jsonl' }, trained: { file: 'trained.jsonl' }, key: 'id' }));
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(manifest));
    const tab = await waitFor('the manifest tab', () => {
      const t = vscode.window.tabGroups.activeTabGroup.activeTab;
      return t && t.label.includes('runs.review.json') ? t : undefined;
    }, 20_000);
    assert.ok(tab.input instanceof vscode.TabInputCustom, 'the manifest did not open in a custom editor');
    assert.equal((tab.input as vscode.TabInputCustom).viewType, viewType);

    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(join(dir, 'baseline.jsonl')));
    const text = await waitFor('the jsonl tab', () => {
      const t = vscode.window.tabGroups.activeTabGroup.activeTab;
      return t && t.label.includes('baseline.jsonl') ? t : undefined;
    }, 20_000);
    assert.ok(text.input instanceof vscode.TabInputText, 'a plain .jsonl should open as text by default');
  });

  it('Reveal Raw Line opens a .jsonl at the item’s line, and a .jsonl.gz (no text line) as the record in a read-only JSON document', async () => {
    const plain = sampleCopy();
    await vscode.commands.executeCommand('vscode.openWith', plain, viewType);
    const atLine = await retry('the plain file opened at the item', async () => {
      await vscode.commands.executeCommand('transcriptReview.revealRawLine');
      const e = vscode.window.activeTextEditor;
      if (e?.document.uri.fsPath !== plain.fsPath) throw new Error('not revealed yet');
      return e;
    });
    assert.equal(atLine.selection.active.line, 0, 'the first item is on line 1');

    const gz = vscode.Uri.file(plain.fsPath.replace(/\.jsonl$/, '-packed.jsonl.gz'));
    writeFileSync(gz.fsPath, gzipSync(readFileSync(plain.fsPath)));
    await vscode.commands.executeCommand('vscode.openWith', gz, viewType);
    const record = await retry('the record of the compressed file', async () => {
      await vscode.commands.executeCommand('transcriptReview.revealRawLine');
      const e = vscode.window.activeTextEditor;
      if (e?.document.uri.scheme !== 'transcript-review-record') throw new Error('not revealed yet');
      return e;
    });
    // The bytes of the gzip stream are never put in a text editor.
    assert.equal(vscode.workspace.textDocuments.some((d) => d.uri.fsPath === gz.fsPath), false, 'the .gz was opened as text');
    const firstLine = JSON.parse(readFileSync(plain.fsPath, 'utf8').split('\n')[0]!) as { id: string };
    assert.deepEqual(JSON.parse(record.document.getText()), firstLine, 'the document is the record as the file holds it');
    assert.match(record.document.uri.path, /sample-packed\.jsonl\.gz — health-0001\.json$/);
    assert.equal(record.document.languageId, 'json');
  });
});
