import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join, relative } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';

const repoRoot = join(__dirname, '..', '..');
// One fixture per wall, inside the repository (test/fixtures/walls/<layer>/, each folder with a
// tsconfig extending that layer's), so each fails on its own violation and nothing else.
const walls = join(repoRoot, 'test', 'fixtures', 'walls');
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

/** A tsc error: the fixture it is in ('' for one about the program), its code and text. */
type TscError = { file: string; code: string; text: string };

/** Type-checks a layer's fixture folder under its tsconfig (which extends the layer's own). */
async function typecheck(layer: 'core' | 'cli' | 'webview'): Promise<TscError[]> {
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const out = await promisify(execFile)(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '-p', join(walls, layer, 'tsconfig.json')], { cwd: repoRoot }).then(
    (r) => r.stdout,
    (e: { stdout?: string }) => e.stdout ?? '',
  );
  return [...out.matchAll(/^(?:(.+?)\(\d+,\d+\): )?error (TS\d+): (.*)$/gm)].map((m) => ({ file: m[1] ? basename(m[1]) : '', code: m[2]!, text: m[3]! }));
}

// The three programs run side by side; each test below reads its fixture's errors.
const checked = { core: typecheck('core'), cli: typecheck('cli'), webview: typecheck('webview') };

async function codes(layer: keyof typeof checked, fixture: string): Promise<string[]> {
  return (await checked[layer]).filter((e) => e.file === fixture).map((e) => e.code);
}

const noNodeTypes = ['TS2580', 'TS2591']; // "Cannot find name 'Buffer'. Do you need to install type definitions for node?"

test('typecheck: core refuses vscode, as a module with no declarations (TS7016 on the stub)', async () => {
  assert.deepEqual(await codes('core', 'vscodeImport.ts'), ['TS7016']);
  assert.match((await checked.core).find((e) => e.file === 'vscodeImport.ts')!.text, /'vscode'.*vscode-only-in-src-extension\.js/);
});

test('typecheck: core has no DOM (TS2584) and no Node (Buffer, process, node:fs)', async () => {
  assert.deepEqual(await codes('core', 'domDocument.ts'), ['TS2584'], 'core can use document');
  const buffer = await codes('core', 'nodeBuffer.ts');
  assert.ok(buffer.length === 1 && noNodeTypes.includes(buffer[0]!), `core can use Buffer: ${buffer.join(', ') || 'no error'}`);
  const proc = await codes('core', 'nodeProcess.ts');
  assert.ok(proc.length === 1 && noNodeTypes.includes(proc[0]!), `core can use process: ${proc.join(', ') || 'no error'}`);
  assert.deepEqual(await codes('core', 'nodeImport.ts'), ['TS2307'], 'core can import node:fs');
});

test('typecheck: the CLI and src/node refuse vscode (TS7016 on the stub), with Node in reach', async () => {
  assert.deepEqual(await codes('cli', 'vscodeImport.ts'), ['TS7016']);
  assert.match((await checked.cli).find((e) => e.file === 'vscodeImport.ts')!.text, /vscode-only-in-src-extension\.js/);
});

test('typecheck: the webview has no Node, even through a core module whose package typings reference it', async () => {
  const buffer = await codes('webview', 'nodeBuffer.ts');
  assert.ok(buffer.length === 1 && noNodeTypes.includes(buffer[0]!), `the webview can use Buffer: ${buffer.join(', ') || 'no error'}`);
  assert.deepEqual(await codes('webview', 'vscodeImport.ts'), ['TS7016'], 'the webview can import vscode');
});

test('typecheck: what each layer may use passes, and no error is about anything but a wall fixture', async () => {
  assert.deepEqual(await codes('core', 'allowed.ts'), [], 'web worker globals and core in core');
  assert.deepEqual(await codes('cli', 'allowed.ts'), [], 'Node and core in the CLI');
  assert.deepEqual(await codes('webview', 'allowed.ts'), [], 'the DOM and core in the webview');
  for (const layer of ['core', 'cli', 'webview'] as const) {
    const fixtures = readdirSync(join(walls, layer)).filter((f) => f.endsWith('.ts'));
    const stray = (await checked[layer]).filter((e) => !fixtures.includes(e.file));
    assert.deepEqual(stray, [], `${layer}: errors outside the fixtures (a broken fixture setup, not a wall)`);
  }
});

/** Lints a fixture of test/fixtures/walls/lint as if it were a core file; returns the rule ids that fired. */
async function lintAsCore(fixture: string): Promise<(string | null)[]> {
  const code = readFileSync(join(walls, 'lint', fixture), 'utf8');
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, 'src', 'core', fixture) });
  return (result?.messages ?? []).map((m) => m.ruleId);
}

const guard = '@eslint-community/eslint-comments/no-restricted-disable';

test('lint: an eslint-disable of a restricted import is itself an error', async () => {
  assert.deepEqual(await lintAsCore('disableRestrictedImport.ts'), [guard]);
  assert.deepEqual(await lintAsCore('disableRestrictedGlobal.ts'), [guard]);
});

test('lint: no comment opens a wall another way (disable all, reconfigure inline, disable the guard)', async () => {
  assert.ok((await lintAsCore('disableEverything.ts')).includes(guard));
  assert.deepEqual(await lintAsCore('reconfigureInline.ts'), ['@eslint-community/eslint-comments/no-use']);
  const guarded = await lintAsCore('disableTheGuard.ts');
  assert.ok(guarded.includes(guard) && guarded.includes('no-restricted-imports'), guarded.join(', '));
  assert.deepEqual(await lintAsCore('otherRuleDisabled.ts'), [], 'an ordinary rule may still be disabled with a reason');
});

test('no source names a wall rule in a comment, not even on the line it would silence', () => {
  // ESLint cannot report a directive that silences its own guard on the same line; a text scan can.
  const named = /eslint-(?:disable|enable)[^\n]*(?:no-restricted-|eslint-comments)/;
  const offenders: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.(ts|mjs|js)$/.test(entry.name) && named.test(readFileSync(path, 'utf8'))) offenders.push(relative(repoRoot, path));
    }
  };
  for (const dir of ['src', 'webview']) visit(join(repoRoot, dir));
  assert.deepEqual(offenders, []);
});
