import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
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
  assert.deepEqual(await rules('src/node/x.ts', "import { readFile } from 'node:fs';\nimport { messageText } from '../core/messageText';\nexport const f = [readFile, messageText];"), []);
  assert.deepEqual(await rules('src/cli/x.ts', "import { openInput } from '../node/input';\nexport const f = openInput;"), []);
});
