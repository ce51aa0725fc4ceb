// Writes package.json's key commands and keybindings and the README's key table from
// src/core/review/keys.ts (npm run keys);
// test/unit/keys.test.ts fails when they differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contributedKeys } from '../src/core/review/keysContribution';
import { keyTableMarkdown } from '../src/core/review/keys';

const file = join(import.meta.dirname, '..', 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8')) as { contributes: Record<string, unknown> };
writeFileSync(file, JSON.stringify({ ...pkg, contributes: contributedKeys(pkg.contributes) }, null, 2) + '\n');

const readme = join(import.meta.dirname, '..', 'README.md');
const text = readFileSync(readme, 'utf8');
writeFileSync(readme, text.replace(/<!-- keys -->[\s\S]*?<!-- \/keys -->/, `<!-- keys -->\n${keyTableMarkdown()}\n<!-- /keys -->`));
