// Model Markdown in the real workbench: rendered from a syntax tree, a span tagged inside bold
// text keeps exact source offsets, the Raw toggle shows the source, links ask before opening,
// pathological Markdown shows quickly, and every theme is looked at (switched in the same window:
// a window per theme cost a workbench load each).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { e2eTempDir, openWorkbench, type Workbench } from './workbench';
import { focusWebview, loggedEvents, sampleWorkspace, waitSaved, waitFor } from './helpers';
import { markdownAnswer, markdownItems, pathological } from './markdownItems';

const trained = '.side[data-side="trained"] .text[data-field="content"]';

/** Selects characters [from, to) of the text node holding `word` inside the trained answer's <strong> `bold`. */
function selectInBold(frame: Frame, bold: string, word: string, from: number, to: number): Promise<string> {
  return frame.evaluate(
    ([sel, b, w, f, t]) => {
      const strong = [...document.querySelectorAll<HTMLElement>(`${sel} strong`)].find((s) => s.innerText === b)!;
      const walker = document.createTreeWalker(strong, NodeFilter.SHOW_TEXT);
      let node = walker.nextNode();
      while (node && !node.textContent!.includes(w)) node = walker.nextNode();
      const at = node!.textContent!.indexOf(w);
      const range = document.createRange();
      range.setStart(node!, at + f);
      range.setEnd(node!, at + t);
      const s = window.getSelection()!;
      s.removeAllRanges();
      s.addRange(range);
      return s.toString();
    },
    [trained, bold, word, from, to] as const,
  );
}

/** Polls an async probe until it is true. */
async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Presses j until the item with this id shows; returns the time from the last key to its text. */
async function next(wb: Workbench, frame: Frame, id: string): Promise<number> {
  await focusWebview(frame);
  const t = Date.now();
  await wb.page.keyboard.press('j');
  await frame.waitForSelector(`[data-item="${id}"] ${trained}`, { timeout: 30_000 });
  return Date.now() - t;
}

// Reasoning, code, tables, span and diff marks and tool blocks, looked at in each theme but the light one.
const otherThemes = [
  ['dark', 'Default Dark Modern'],
  ['hc-dark', 'Default High Contrast'],
  ['hc-light', 'Default High Contrast Light'],
] as const;

/** Screenshot `<name>-<slug>` in each of the other themes, then back to the light one. */
async function inOtherThemes(wb: Workbench, name: string): Promise<void> {
  for (const [slug, theme] of otherThemes) {
    await wb.setTheme(theme);
    await wb.screenshot(`${name}-${slug}`);
  }
  await wb.setTheme('Default Light Modern');
}

test('Markdown answers render, a span in bold text keeps source offsets, links ask first, pathological items show fast, in four themes', async () => {
  const dir = e2eTempDir('transcript-review-md-');
  const file = join(dir, 'markdown.jsonl');
  const items = markdownItems();
  writeFileSync(file, items.map((i) => JSON.stringify(i)).join('\n') + '\n');
  const wb = await openWorkbench({ workspace: dir, openFile: file, theme: 'Default Light Modern', viewport: { width: 1500, height: 1000 } });
  try {
    const frame = await wb.webviewFrame(`[data-item="md-answer"] ${trained}`, 90_000);

    // Rendered markup, no literal Markdown syntax on screen.
    const probe = await frame.evaluate((sel) => {
      const el = document.querySelector<HTMLElement>(sel)!;
      return {
        strong: el.querySelectorAll('strong').length,
        items: el.querySelectorAll('li').length,
        code: el.querySelectorAll('.md-code, .md-pre').length,
        table: el.querySelectorAll('table.md-table td').length,
        heading: el.querySelector<HTMLElement>('.md-h2')?.innerText,
        shown: el.innerText,
        // Text nodes and the comments holding hidden syntax (lit's own markers are empty or start with `?`).
        source: (() => {
          let out = '';
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_COMMENT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const data = (n as CharacterData).data;
            if (n.nodeType === Node.TEXT_NODE || (data && !data.startsWith('?'))) out += data;
          }
          return out;
        })(),
      };
    }, trained);
    assert.ok(probe.strong >= 2, 'no <strong> for **…**');
    assert.ok(probe.items >= 3, 'no list items');
    assert.ok(probe.code >= 2, 'no inline code or code block');
    assert.equal(probe.table, 4, 'the table is not a table');
    assert.equal(probe.heading, 'Resetting a password', 'the heading is not rendered');
    assert.ok(!probe.shown.includes('**'), `literal ** on screen: ${probe.shown.slice(0, 200)}`);
    assert.ok(!probe.shown.includes('```'), 'literal fences on screen');
    assert.equal(probe.source, markdownAnswer, "the element's text is not the exact source (offsets would drift)");
    await wb.screenshot('markdown-light');

    // Select "ust nev" inside the bold "must never" and tag it with trait 1.
    const selected = await selectInBold(frame, 'must never', 'must', 1, 8);
    assert.equal(selected, 'ust nev');
    await wb.page.keyboard.press('1');
    await frame.waitForSelector('.span-editor');
    await waitSaved(frame);
    await wb.page.keyboard.press('Escape');
    const span = await waitFor('the span in the log', () => loggedEvents(file).find((e) => e.kind === 'span'), 10_000);
    assert.equal(span.quote, selected, 'quote is not the selection');
    assert.equal(markdownAnswer.slice(span.start!, span.end!), span.quote, 'quote is not text.slice(start, end) of the source');
    assert.equal(span.start, markdownAnswer.indexOf('ust nev'));
    // The span is drawn on the rendered text, inside the bold.
    await frame.waitForSelector(`${trained} strong .span`, { timeout: 10_000 });
    assert.equal(await frame.$eval(`${trained} strong .span`, (e) => e.textContent), 'ust nev');

    // A triple-click on a list item tags the item's text, not the hidden marker or line breaks around it.
    await frame.click(`${trained} ol > li:first-child`, { clickCount: 3 });
    await wb.page.keyboard.press('2');
    await frame.waitForSelector('.span-editor');
    await waitSaved(frame);
    await wb.page.keyboard.press('Escape');
    const item = await waitFor('the list item span in the log', () => loggedEvents(file).find((e) => e.kind === 'span' && e.trait !== span.trait), 10_000);
    assert.equal(item.quote, 'Open the *sign-in* page and pick **Forgot password**.');
    assert.equal(markdownAnswer.slice(item.start!, item.end!), item.quote);
    await frame.waitForSelector('.reasoning .text.md');
    await inOtherThemes(wb, 'markdown');

    // Raw toggle: the source, literally; and back.
    await focusWebview(frame);
    await wb.page.keyboard.press('r');
    await frame.waitForSelector(`${trained}:not(.md)`, { timeout: 10_000 });
    assert.ok((await frame.$eval(trained, (e) => (e as HTMLElement).innerText)).includes('**must never**'), 'Raw does not show the source');
    await wb.screenshot('markdown-raw');
    await wb.page.keyboard.press('r');
    await frame.waitForSelector(`${trained}.md`, { timeout: 10_000 });

    // Hostile Markdown: an http(s) link asks in a modal first; the others are inert.
    await next(wb, frame, 'md-hostile');
    const links = await frame.$$eval(`${trained} .md-link`, (els) => els.map((e) => [e.textContent?.slice(0, 4), (e as HTMLElement).dataset.url ?? null]));
    assert.deepEqual(links.filter(([, url]) => url !== null).map(([, url]) => url), ['https://example.com/docs', 'https://auto.example/x', 'http://www.example.org/']);
    await frame.click(`${trained} .md-link[data-url="https://example.com/docs"]`);
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    assert.ok((await dialog.innerText()).includes('https://example.com/docs'), 'the confirmation does not show the address');
    await wb.screenshot('markdown-link-confirm');
    await wb.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    assert.equal(wb.browser.contexts().flatMap((c) => c.pages()).length, 1, 'a page opened');

    // Tool calls: arguments by name, the diff as a highlighted block.
    await next(wb, frame, 'md-tools');
    assert.ok(await frame.$('.tool-arg .hljs-addition'), 'the diff argument is not a highlighted diff block');
    assert.ok(await frame.$('.role-tool .md-pre[data-lang="json"]'), 'the JSON tool result is not shown as JSON');
    await wb.screenshot('markdown-tools');
    await inOtherThemes(wb, 'markdown-tools');

    // Pathological items: each shows (rendered or as source with a note) in under 5 s.
    const times: Record<string, number> = {};
    for (const name of Object.keys(pathological)) {
      times[name] = await next(wb, frame, `md-${name}`);
      assert.ok(times[name] < 5_000, `md-${name} took ${times[name]} ms`);
    }
    console.log(`pathological items, key to text (ms): ${JSON.stringify(times)}`);
    assert.ok(await frame.$('.md-fallback'), 'no note says why an item is shown as source');
  } finally {
    await wb.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Transcript Items rows of HH data show the prompt, and the shown item is selected', async () => {
  const ws = sampleWorkspace();
  const file = join(ws.dir, 'hh-style.jsonl');
  const wb = await openWorkbench({ workspace: ws.dir, openFile: file, theme: 'Default Light Modern' });
  try {
    const frame = await wb.webviewFrame('.side .text', 90_000);
    const header = wb.page.locator('.pane-header', { hasText: 'Transcript Items' });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const rows = wb.page.locator('.pane:has(.pane-header:has-text("Transcript Items")) .monaco-list-row');
    await rows.first().waitFor({ timeout: 20_000 });
    const first = await rows.first().innerText();
    assert.ok(first.includes('How do I get a red wine stain'), `the row does not show the prompt: ${first}`);
    assert.ok(!/^line-\d+$/.test(first.split('\n')[0]!.trim()), 'the row leads with a line number');
    const selected = wb.page.locator('.pane:has(.pane-header:has-text("Transcript Items")) .monaco-list-row.selected');
    await until('the first item selected in the list', async () => (await selected.count()) === 1 && (await selected.getAttribute('data-index')) === '0', 15_000);
    await focusWebview(frame);
    await wb.page.keyboard.press('j');
    await until('the second item selected after j', async () => (await selected.getAttribute('data-index')) === '1', 15_000);
    await wb.screenshot('item-list-preview');
  } finally {
    await wb.close();
    ws.dispose();
  }
});
