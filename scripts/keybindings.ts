// Writes package.json's key commands and keybindings, their titles in package.nls.json, and the README's key table from
// src/core/review/keys.ts (npm run keys);
// test/unit/keys.test.ts fails when they differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contributedKeys, contributedTitles } from '../src/core/review/keysContribution';
import { keyTableMarkdown } from '../src/core/review/keys';

const file = join(import.meta.dirname, '..', 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8')) as { contributes: Record<string, unknown> };
const contributes = contributedKeys(pkg.contributes);
writeFileSync(file, JSON.stringify({ ...pkg, contributes }, null, 2) + '\n');
// The key commands' English titles, for the %keys% above; translations go in package.nls.<lang>.json.
const nlsFile = join(import.meta.dirname, '..', 'package.nls.json');
const nls = JSON.parse(readFileSync(nlsFile, 'utf8')) as Record<string, string>;
writeFileSync(nlsFile, JSON.stringify(contributedTitles(nls, contributes), null, 2) + '\n');

const readme = join(import.meta.dirname, '..', 'README.md');
const text = readFileSync(readme, 'utf8');
writeFileSync(readme, text.replace(/<!-- keys -->[\s\S]*?<!-- \/keys -->/, `<!-- keys -->\n${keyTableMarkdown()}\n<!-- /keys -->`));
