// Every relative link and anchor in the project's Markdown (README, CONTRIBUTING, CHANGELOG, docs/,
// the walkthrough pages, samples/) points at a file that exists and a heading it has, read with the
// same Markdown parser the webview uses; and the README stays a user's page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfm } from 'micromark-extension-gfm';
import { gfmFromMarkdown } from 'mdast-util-gfm';

const root = join(import.meta.dirname, '..', '..');

/** Folders that hold no project documentation (dependencies, build output, test data and runs). */
const skipped = new Set(['node_modules', 'dist', 'dist-test', 'test-results', 'bench-data', 'fixtures', '.vscode-test']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || skipped.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

interface MdNode {
  type: string;
  url?: string;
  value?: string;
  depth?: number;
  children?: MdNode[];
  position?: { start: { line: number } };
}

const trees = new Map<string, MdNode>();

/** The syntax tree of a Markdown text (GFM: tables, autolinks), parsed once per text. */
function parse(text: string): MdNode {
  let tree = trees.get(text);
  if (!tree) {
    tree = fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as MdNode;
    trees.set(text, tree);
  }
  return tree;
}

function* walk(node: MdNode): Generator<MdNode> {
  yield node;
  for (const child of node.children ?? []) yield* walk(child);
}

/** A node's text as GitHub reads it for a heading's anchor. */
function plainText(node: MdNode): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value ?? '';
  return (node.children ?? []).map(plainText).join('');
}

/** GitHub's heading anchor (github-slugger): lower case, punctuation dropped, spaces to hyphens. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown text's headings; a repeated heading gets -1, -2, … as on GitHub. */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const node of walk(parse(text))) {
    if (node.type !== 'heading') continue;
    const base = slug(plainText(node));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

export interface Link {
  url: string;
  line: number;
  image: boolean;
}

/** Links, images and reference definitions of a Markdown text. */
export function links(text: string): Link[] {
  const out: Link[] = [];
  for (const node of walk(parse(text))) {
    if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && node.url !== undefined) {
      out.push({ url: node.url, line: node.position?.start.line ?? 0, image: node.type === 'image' });
    }
  }
  return out;
}

/** A URL with a scheme (https:, mailto:, command:) or protocol-relative: not a file of the repository. */
function isExternal(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//');
}

/** How the check sees the files: whether a path exists, and a Markdown file's text. */
export interface Files {
  exists(path: string): boolean;
  read(path: string): string | undefined;
}

/** What is wrong with each relative link of `file` (a path inside `base`), as `file:line: message`. */
export function brokenLinks(file: string, base: string, { exists, read }: Files): string[] {
  const text = read(file);
  if (text === undefined) return [`${file}: cannot be read`];
  const problems: string[] = [];
  const where = (line: number) => `${relative(base, file).split(sep).join('/')}:${line}`;
  for (const link of links(text)) {
    if (isExternal(link.url)) continue;
    const hash = link.url.indexOf('#');
    const pathPart = decodeURIComponent(hash < 0 ? link.url : link.url.slice(0, hash));
    const fragment = hash < 0 ? undefined : decodeURIComponent(link.url.slice(hash + 1));
    if (pathPart.startsWith('/')) {
      problems.push(`${where(link.line)}: "${link.url}" is absolute; write it relative to this file`);
      continue;
    }
    const target = pathPart === '' ? file : resolve(dirname(file), pathPart);
    if (relative(base, target).startsWith('..')) {
      problems.push(`${where(link.line)}: "${link.url}" leaves the repository`);
      continue;
    }
    if (pathPart !== '' && !exists(target)) {
      problems.push(`${where(link.line)}: "${link.url}": no such file`);
      continue;
    }
    if (fragment === undefined || fragment === '') continue;
    const targetText = target.endsWith('.md') ? read(target) : undefined;
    if (targetText === undefined) {
      problems.push(`${where(link.line)}: "${link.url}": an anchor into a file that is not Markdown`);
      continue;
    }
    if (!anchors(targetText).has(fragment)) {
      problems.push(`${where(link.line)}: "${link.url}": ${relative(base, target).split(sep).join('/')} has no heading #${fragment}`);
    }
  }
  return problems;
}

const disk: Files = {
  exists: (path) => existsSync(path),
  read: (path) => (existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined),
};

test('every relative link and anchor in the Markdown files points at a file and a heading that exist', () => {
  const files = markdownFiles(root);
  for (const needed of ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', join('docs', 'architecture.md')]) {
    assert.ok(files.includes(join(root, needed)), `${needed} is checked`);
  }
  const problems = files.flatMap((file) => brokenLinks(file, root, disk));
  assert.deepEqual(problems, []);
});

test('the link check finds a missing file, a missing heading, an absolute path and a link out of the repository', () => {
  const base = resolve('/repo');
  const files = new Map<string, string>([
    [
      join(base, 'README.md'),
      [
        '# Title',
        '## Quick start',
        '## Quick start',
        'See [the CLI](docs/cli.md#validate), [a typo](docs/cli.md#valdate), [gone](docs/gone.md),',
        '[here](#quick-start), [again](#quick-start-1), [nowhere](#quick-stop), [root](/docs/cli.md),',
        '[out](../other/README.md), [web](https://example.com/#x), ![shot](media/a.png).',
        '',
        '[ref]: docs/cli.md#`odd`',
      ].join('\n'),
    ],
    [join(base, 'docs', 'cli.md'), '# Command line\n## `validate`\n'],
  ]);
  const problems = brokenLinks(join(base, 'README.md'), base, { exists: (path) => files.has(path), read: (path) => files.get(path) });
  assert.deepEqual(problems, [
    'README.md:4: "docs/cli.md#valdate": docs/cli.md has no heading #valdate',
    'README.md:4: "docs/gone.md": no such file',
    'README.md:5: "#quick-stop": README.md has no heading #quick-stop',
    'README.md:5: "/docs/cli.md" is absolute; write it relative to this file',
    'README.md:6: "../other/README.md" leaves the repository',
    'README.md:6: "media/a.png": no such file',
    'README.md:8: "docs/cli.md#`odd`": docs/cli.md has no heading #`odd`',
  ]);
});

test("headings' anchors are GitHub's", () => {
  assert.deepEqual(
    [...anchors('# The report: where the trained model got better, and does the reward model agree\n## `merged`: transcripts with their labels\n## What "Saved" means\n## Limits, and what you see past them\n## Übersicht\n## Übersicht\n')],
    [
      'the-report-where-the-trained-model-got-better-and-does-the-reward-model-agree',
      'merged-transcripts-with-their-labels',
      'what-saved-means',
      'limits-and-what-you-see-past-them',
      'übersicht',
      'übersicht-1',
    ],
  );
});

test('the README stays a page for users: at most 400 lines, Quick start in the first screen, images the .vsix ships', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const lines = readme.trimEnd().split('\n');
  assert.ok(lines.length <= 400, `README.md has ${lines.length} lines; move reference text to docs/`);
  const quickStart = lines.findIndex((l) => l === '## Quick start');
  assert.ok(quickStart >= 0 && quickStart < 30, `"## Quick start" is at line ${quickStart + 1}, past the first screen`);
  const firstImage = links(readme).find((l) => l.image);
  assert.ok(!firstImage || firstImage.line > quickStart + 1, `README.md:${firstImage?.line}: an image above Quick start pushes it off the first screen`);
  const shipped = readFileSync(join(root, '.vscodeignore'), 'utf8');
  assert.match(shipped, /^!media\/\*\*$/m, 'the .vsix ships media/, where the README images are');
  for (const link of links(readme).filter((l) => l.image)) {
    assert.ok(link.url.startsWith('media/'), `README.md:${link.line}: image ${link.url} is not under media/ (the .vsix ships only media/)`);
    assert.ok(!link.url.endsWith('.svg'), `README.md:${link.line}: the Marketplace rejects SVG images (${link.url})`);
  }
});

test('every page of docs/ is listed in its index, docs/README.md', () => {
  const docs = join(root, 'docs');
  const listed = new Set(links(readFileSync(join(docs, 'README.md'), 'utf8')).map((l) => l.url.split('#')[0]));
  const pages = readdirSync(docs).filter((name) => name.endsWith('.md') && name !== 'README.md');
  assert.deepEqual(pages.filter((name) => !listed.has(name)), []);
});
