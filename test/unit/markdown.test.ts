import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown, tooHardToParse } from '../../webview/markdown/parse';
import { isBlock, type Block } from '../../webview/markdown/plan';
import { drawnText, type Piece } from '../../webview/markdown/pieces';
import { openableUrl } from '../../webview/markdown/links';
import { cpuTimed } from './helpers';

function pieces(b: Block, out: Piece[] = []): Piece[] {
  for (const c of b.children) if (isBlock(c)) pieces(c, out);
    else out.push(c);
  return out;
}

function rendered(text: string): { pieces: Piece[]; drawn: string; offsets: number[]; block: Block } {
  const r = renderMarkdown(text);
  assert.equal(r.kind, 'markdown', `rendered raw: ${r.kind === 'raw' ? r.reason : ''}`);
  if (r.kind !== 'markdown') throw new Error('unreachable');
  const ps = pieces(r.block);
  const d = drawnText(text, ps);
  return { pieces: ps, block: r.block, drawn: d.text, offsets: d.offsets };
}

/** What the DOM does: a selection of drawn characters [a, b) covers source [offsets[a], offsets[b-1] + 1). */
function selectDrawn(text: string, drawn: string, offsets: number[], needle: string, from = 0): { start: number; end: number; quote: string } {
  const a = drawn.indexOf(needle, from);
  assert.ok(a >= 0, `"${needle}" is not drawn in ${JSON.stringify(drawn)}`);
  const start = offsets[a]!;
  const end = offsets[a + needle.length - 1]! + 1;
  return { start, end, quote: text.slice(start, end) };
}

/** Source → drawn: the drawn characters a source range [s, e) covers (how a span is drawn). */
function drawnOf(drawn: string, offsets: number[], s: number, e: number): string {
  let out = '';
  offsets.forEach((o, k) => {
    if (o >= s && o < e) out += drawn[k];
  });
  return out;
}

const corpus = [
  '# Title\n\nSome **bold** and *it* and `code` &copy; \\* x\n\n- a\n- b\n  + nested **deep *er***\n\n> quote\n> more\n',
  'Plain then **bold with `code` and [a link](https://example.com "t")** end.',
  'Crème brûlée — 中文 **naïve** 👍🏽 family 👨‍👩‍👧 *ok* 😀',
  'Windows\r\nline **endings**\r\n\r\n- item one\r\n- item **two**\r\n\r\n```js\r\nconst a = 1;\r\n```\r\n',
  '| Step | Time |\n| --- | ---: |\n| **Request** 📬 | 1 min |\n| `set` | 2 min |\n',
  '1. first\n2. second\n   ```python\n   def f():\n       return 1\n   ```\n3. third',
  '> - quoted list **bold**\n>   continued line\n>\n> > nested quote `x`\n',
  'Entities &amp; &lt;b&gt; &#x1F600; &#65; and escapes \\*not em\\* \\[x\\]',
  '- [x] done **well**\n- [ ] todo\n\n~~struck~~ www.example.org <https://a.example/b>',
  'Hard  \nbreak and\\\nanother\n\n---\n\n<div>raw *html*</div>\n\ninline <b>tag</b> here',
  'Setext\n======\n\n    indented code\n    more\n\n[ref][r]\n\n[r]: https://example.com/ref\n',
  'Footnote[^1] here.\n\n[^1]: The note **text**.\n',
];

test('every source character is drawn or hidden exactly once, in order (the DOM text is the source)', () => {
  for (const text of corpus) {
    const { pieces: ps } = rendered(text);
    let at = 0;
    for (const p of ps) {
      assert.equal(p.start, at, `gap or overlap at ${at} in ${JSON.stringify(text)}`);
      assert.ok(p.end > p.start);
      at = p.end;
    }
    assert.equal(at, text.length, `not covered to the end: ${JSON.stringify(text)}`);
  }
});

test('drawn text leaves the syntax out and decodes references', () => {
  assert.equal(rendered('Some **bold** and *it*').drawn, 'Some bold and it');
  assert.equal(rendered('a &copy; &amp; &#x1F600; b').drawn, 'a © & 😀 b');
  assert.equal(rendered('\\*not em\\*').drawn, '*not em*');
  assert.equal(rendered('> quote\n> more').drawn, 'quote\nmore');
  assert.equal(rendered('```js\nconst a = 1;\n```').drawn, 'const a = 1;');
  assert.equal(rendered('- [x] done').drawn, 'done');
  assert.equal(rendered('<script>alert(1)</script>').drawn, '<script>alert(1)</script>');
});

test('each drawn character stands for the same character of the source (rendered → source)', () => {
  for (const text of corpus) {
    const { pieces: ps, drawn, offsets } = rendered(text);
    const shown = new Set(ps.filter((p) => p.show !== undefined).map((p) => p.start));
    assert.equal(offsets.length, drawn.length);
    for (let k = 0; k < drawn.length; k++) {
      if (shown.has(offsets[k]!)) continue;
      assert.equal(text[offsets[k]!], drawn[k], `drawn ${k} of ${JSON.stringify(text)}`);
      if (k > 0) assert.ok(offsets[k]! > offsets[k - 1]! || shown.has(offsets[k]!), 'offsets go forward');
    }
  }
});

test('a selection inside rendered bold text records exactly that source text', () => {
  const text = 'Plain then **bold with `code` and [a link](https://example.com "t")** end.';
  const { drawn, offsets } = rendered(text);
  const inBold = selectDrawn(text, drawn, offsets, 'old wi');
  assert.equal(inBold.quote, 'old wi');
  assert.equal(inBold.quote, text.slice(inBold.start, inBold.end));
  assert.equal(text.indexOf('old wi'), inBold.start);
});

test('a selection across markup boundaries maps to the source range, syntax included', () => {
  const text = 'Plain then **bold with `code` and [a link](https://example.com "t")** end.';
  const { drawn, offsets } = rendered(text);
  assert.equal(selectDrawn(text, drawn, offsets, 'then bold').quote, 'then **bold');
  assert.equal(selectDrawn(text, drawn, offsets, 'with code and').quote, 'with `code` and');
  assert.equal(selectDrawn(text, drawn, offsets, 'a link').quote, 'a link');
  const list = '- item one\n- item **two** and more';
  const l = rendered(list);
  assert.equal(selectDrawn(list, l.drawn, l.offsets, 'oneitem tw').quote, 'one\n- item **tw');
  const code = '```py\ndef f():\n    return 1\n```';
  const c = rendered(code);
  const inCode = selectDrawn(code, c.drawn, c.offsets, 'return');
  assert.equal(inCode.start, code.indexOf('return'));
});

test('multi-byte characters, emoji and CRLF keep exact UTF-16 offsets', () => {
  const text = 'Crème brûlée — 中文 **naïve** 👍🏽 family 👨‍👩‍👧 *ok* 😀';
  const { drawn, offsets } = rendered(text);
  const s = selectDrawn(text, drawn, offsets, 'naïve 👍🏽');
  assert.equal(s.quote, 'naïve** 👍🏽');
  assert.equal(s.start, text.indexOf('naïve'));
  const fam = selectDrawn(text, drawn, offsets, '👨‍👩‍👧');
  assert.equal(fam.quote, '👨‍👩‍👧');
  assert.equal(fam.end - fam.start, '👨‍👩‍👧'.length);
  const crlf = 'Windows\r\nline **endings**\r\n\r\n- item **two**\r\n';
  const r = rendered(crlf);
  const e = selectDrawn(crlf, r.drawn, r.offsets, 'endings');
  assert.equal(e.start, crlf.indexOf('endings'));
  assert.equal(e.quote, 'endings');
  assert.equal(selectDrawn(crlf, r.drawn, r.offsets, 'two').start, crlf.indexOf('two'));
});

test('a span in source offsets is drawn over exactly its visible characters (source → rendered)', () => {
  const text = 'Intro **bold *and italic* words** then `code` 😀 end';
  const { drawn, offsets } = rendered(text);
  const s = text.indexOf('bold');
  const e = text.indexOf('words') + 'words'.length;
  assert.equal(drawnOf(drawn, offsets, s, e), 'bold and italic words');
  assert.equal(drawnOf(drawn, offsets, text.indexOf('code') - 1, text.indexOf('😀') + 2), 'code 😀');
});

test('a seeded fuzz of Markdown-ish text always covers the source exactly', () => {
  const alphabet = ['*', '**', '_', '`', '```', '[', ']', '(', ')', '!', '#', '> ', '- ', '1. ', '|', '\n', '\r\n', '  ', 'a', 'word ', 'é', '😀', '&amp;', '&#65;', '\\', '<b>', 'http://x.y', '~~', '\t'];
  let seed = 7;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  for (let k = 0; k < 400; k++) {
    let text = '';
    const len = 1 + rnd(60);
    for (let i = 0; i < len; i++) text += alphabet[rnd(alphabet.length)];
    const r = renderMarkdown(text);
    if (r.kind !== 'markdown') continue;
    let at = 0;
    for (const p of pieces(r.block)) {
      assert.equal(p.start, at, `case ${k}: ${JSON.stringify(text)}`);
      at = p.end;
    }
    assert.equal(at, text.length, `case ${k}: ${JSON.stringify(text)}`);
  }
});

test('pathological Markdown is refused up front, with the reason', () => {
  assert.match(tooHardToParse('a* '.repeat(50_000)) ?? '', /longer than 50,000 characters/);
  assert.match(tooHardToParse('a* '.repeat(15_000)) ?? '', /15,000 emphasis and bracket markers/);
  assert.match(tooHardToParse('['.repeat(20_000) + 'x') ?? '', /bracket markers/);
  assert.match(tooHardToParse('>'.repeat(5_000) + ' deep') ?? '', /nested 5,000 deep/);
  assert.equal(tooHardToParse('A normal **answer** with [a link](https://x.y).'), null);
  const table = ['| a | b |', '| - | - |', ...Array.from({ length: 4_100 }, (_, i) => `|${i}|y|`)].join('\n');
  const r = renderMarkdown(table);
  assert.equal(r.kind, 'raw');
  assert.match(r.kind === 'raw' ? r.reason : '', /Markdown elements/);
});

test('pathological Markdown takes well under a second to refuse or render', () => {
  const cases = ['a* '.repeat(50_000), '*'.repeat(50_000), '['.repeat(20_000), '>'.repeat(5_000), '```\n' + 'x'.repeat(200_000) + '\n```', 'a* '.repeat(3_000)];
  for (const text of cases) {
    const [, ms] = cpuTimed(() => renderMarkdown(text));
    assert.ok(ms < 1000, `${text.slice(0, 10)}… took ${ms} ms of CPU`);
  }
});

test('only absolute http(s) links can be opened', () => {
  assert.equal(openableUrl('https://example.com/a?b=1'), 'https://example.com/a?b=1');
  assert.equal(openableUrl('http://example.com'), 'http://example.com/');
  for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<script>', 'command:workbench.action.quit', 'vscode://settings', 'file:///etc/passwd', '/relative', 'example.com', '']) {
    assert.equal(openableUrl(bad), null, bad);
  }
});

test('links carry the openable address only for http(s); images and raw HTML stay text', () => {
  const text = '[a](javascript:x) [b](https://ok.example) ![i](https://img.example/p.png) <img src=x onerror=y>';
  const { block, drawn } = rendered(text);
  const links: Block[] = [];
  const walk = (b: Block) => {
    if (b.tag === 'link' || b.tag === 'image' || b.tag === 'html') links.push(b);
    b.children.forEach((c) => isBlock(c) && walk(c));
  };
  walk(block);
  assert.deepEqual(links.map((l) => [l.tag, l.openable ?? null]), [['link', null], ['link', 'https://ok.example/'], ['image', null], ['html', null]]);
  assert.ok(drawn.includes('![i](https://img.example/p.png)'), 'the image is shown as its alt text and address');
  assert.ok(drawn.includes('<img src=x onerror=y>'));
});
