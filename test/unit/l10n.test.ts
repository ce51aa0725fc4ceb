import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** The string literals passed to `vscode.l10n.t(…)` in a TypeScript file (template literals with `${` cannot be looked up, so they are not used there). */
function l10nStrings(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/l10n\.t\(\s*'((?:\\.|[^'\\])*)'/g)) out.push(m[1]!.replace(/\\(['"\\])/g, '$1'));
  for (const m of text.matchAll(/l10n\.t\(\s*"((?:\\.|[^"\\])*)"/g)) out.push(JSON.parse(`"${m[1]!}"`) as string);
  return out;
}

test('every vscode.l10n.t string of the extension is in l10n/bundle.l10n.json (npm run l10n writes it), so a translation can cover it', () => {
  const bundle = JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
  const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const missing: string[] = [];
  let seen = 0;
  for (const f of files) {
    for (const s of l10nStrings(readFileSync(join(root, 'src', f), 'utf8'))) {
      seen++;
      if (!(s in bundle)) missing.push(`${f}: ${s}`);
    }
  }
  assert.ok(seen > 50, `found only ${seen} l10n strings: the pattern no longer matches the code`);
  assert.deepEqual(missing, [], 'run `npm run l10n`');
});
