import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { ESLint } from 'eslint';

const repoRoot = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: repoRoot });

/** Lints `code` as if it were the file `path` of the project; returns the rule ids that fired. */
async function rules(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, path) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message.split(':')[0]}`);
}

const cases: [string, string, string][] = [
  ['webview/x.ts', "import { readFile } from 'node:fs';\nexport const f = readFile;", 'a webview file importing node:fs'],
  ['webview/x.ts', "import { LabelLogFile } from '../src/node/labelFile';\nexport const f = LabelLogFile;", 'a webview file importing src/node'],
  ['webview/x.ts', "import { uriBaseName } from '../src/extension/uriName';\nexport const f = uriBaseName;", 'a webview file importing src/extension'],
  ['webview/x.ts', 'export const b = Buffer.from("x");', 'a webview file using Buffer'],
  ['webview/reducer.ts', 'export const t = () => document.title;', 'a pure webview part using the DOM'],
  ['webview/actions.ts', "import { send } from './host';\nexport const f = send;", 'a pure webview part importing the host channel'],
  ['webview/keymap.ts', "import { isField } from './focus';\nexport const f = isField;", 'a pure webview part importing a DOM helper'],
  ['src/core/x.ts', "import { uriBaseName } from '../extension/uriName';\nexport const f = uriBaseName;", 'core importing src/extension'],
  ['src/core/x.ts', "import { run } from '../cli/check';\nexport const f = run;", 'core importing the CLI'],
  ['src/core/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;", 'core importing vscode'],
  ['src/node/x.ts', "import { uriBaseName } from '../extension/uriName';\nexport const f = uriBaseName;", 'src/node importing src/extension'],
  ['src/cli/x.ts', "import { uriBaseName } from '../extension/uriName';\nexport const f = uriBaseName;", 'the CLI importing src/extension'],
  ['src/extension/x.ts', "import { readFile } from 'node:fs';\nexport const f = readFile;", 'shared extension code importing node:fs'],
];

for (const [path, code, what] of cases) {
  test(`the build refuses ${what}`, async () => {
    const fired = await rules(path, code);
    assert.ok(fired.some((r) => r.startsWith('no-restricted-')), `lint let it through: ${fired.join('; ') || 'no messages'}`);
  });
}

test('the allowed directions pass: webview and node on core, the CLI on node', async () => {
  assert.deepEqual(await rules('webview/x.ts', "import { messageText } from '../src/core/messageText';\nexport const f = messageText;"), []);
  assert.deepEqual(await rules('webview/actions.ts', "import type { Request } from './host';\nexport type R = Request;"), [], 'a pure part may name the host channel\'s types');
  assert.deepEqual(await rules('src/node/x.ts', "import { readFile } from 'node:fs';\nimport { messageText } from '../core/messageText';\nexport const f = [readFile, messageText];"), []);
  assert.deepEqual(await rules('src/cli/x.ts', "import { openInput } from '../node/input';\nexport const f = openInput;"), []);
});

/** Type-checks one fixture file under a layer's tsconfig; returns the error codes. */
function typecheck(config: string, code: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'tr-layer-'));
  const file = join(dir, 'fixture.ts');
  writeFileSync(file, code);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(repoRoot, config), files: [file], include: [] }));
  const r = spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  return [...r.stdout.matchAll(/error (TS\d+)/g)].map((m) => m[1]!);
}

test('typecheck: core has no Node, no DOM document and no vscode types; the CLI has no vscode; the webview no Node', () => {
  assert.ok(typecheck('tsconfig.core.json', 'export const b = Buffer.from("x");').some((c) => c === 'TS2580' || c === 'TS2591'), 'core can use Buffer');
  assert.ok(typecheck('tsconfig.core.json', 'export const p = process.env;').some((c) => c === 'TS2580' || c === 'TS2591'), 'core can use process');
  assert.ok(typecheck('tsconfig.core.json', 'export const t = document.title;').length > 0, 'core can use document');
  assert.ok(typecheck('tsconfig.cli.json', "import * as vscode from 'vscode';\nexport const v = vscode;").length > 0, 'the CLI can import vscode');
  assert.ok(typecheck('webview/tsconfig.json', 'export const b = Buffer.from("x");').length > 0, 'the webview can use Buffer');
  assert.deepEqual(typecheck('tsconfig.core.json', 'export const e = new TextEncoder().encode("x");'), [], 'what core may use (web worker globals) passes');
});
