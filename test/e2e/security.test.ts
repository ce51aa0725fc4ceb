// Untrusted transcripts: HTML, script, markdown links and command: URIs in every field are
// shown as text and nothing executes.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { openWorkbench, repoRoot } from './workbench';
import { focusWebview, jsonLines, sampleWorkspace } from './helpers';

test('payloads in every field are visible as text and nothing executes', async () => {
  const ws = sampleWorkspace();
  const file = join(ws.dir, 'xss.jsonl');
  copyFileSync(join(repoRoot, 'test/fixtures/xss.jsonl'), file);
  const ids = jsonLines<{ id: string }>(file).map((r) => r.id);
  const wb = await openWorkbench({ workspace: ws.dir, openFile: file, theme: 'Default Dark Modern' });
  try {
    let frame = await wb.webviewFrame('.side[data-side="trained"] .text', 60_000);
    for (let i = 0; i < 8; i++) {
      const probe = await frame.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: unknown }).__pwned,
        scripts: [...document.querySelectorAll('script')].filter((s) => !(s as HTMLScriptElement).src && s.id !== '_vscodeApiScript').map((s) => s.outerHTML.slice(0, 200)),
        links: [...document.querySelectorAll('a, iframe, img, style, svg, object, embed, [onerror], [onload], [href]:not(link[rel=stylesheet]), [src]:not(script)')].filter((e) => e.id !== '_defaultStyles').map((e) => e.outerHTML.slice(0, 120)),
        text: document.body.innerText,
      }));
      assert.equal(probe.pwned, undefined, `payload ${i} executed`);
      // VS Code injects its own acquireVsCodeApi script; any other inline script would come from data.
      assert.deepEqual(probe.scripts, [], 'an inline script element exists');
      assert.deepEqual(probe.links, [], `payload ${i} created a link, frame, image or style element`);
      if (i === 5) {
        assert.ok(await frame.$('.bidi-mark[data-cp="U+202E"]'), 'the bidi override is not neutralised and shown');
        // Everywhere, not only in message text: no bidi control reaches layout (names, models, the
        // persona, quotes, tool names and arguments); in answers they sit in out-of-layout spans.
        const raw = await frame.evaluate(() => {
          const found: string[] = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (n.parentElement?.closest('.bidi-hidden, script, style')) continue;
            if (/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/.test(n.textContent ?? '')) found.push(`${n.parentElement?.className}: ${JSON.stringify(n.textContent).slice(0, 60)}`);
          }
          return found;
        });
        assert.deepEqual(raw, [], 'a bidi control in the data reaches the layout');
        await wb.screenshot('security-bidi');
      }
      if (i === 7) {
        // Hostile Markdown: rendered (headings, bold) yet no link opens anything but http(s), no image loads.
        assert.ok(await frame.$('.text.md strong'), 'the hostile Markdown item is not rendered');
        assert.deepEqual(await frame.$$eval('.md-link[data-url]', (els) => els.map((e) => (e as HTMLElement).dataset.url)), [], 'a non-http link is openable');
        assert.ok(probe.text.includes("<script>window.__pwned = 'md-script'</script>"), 'raw HTML in Markdown is not shown as text');
        await wb.screenshot('security-markdown');
      }
      if (i === 0) {
        assert.ok(probe.text.includes('<script>window.__pwned = "script"</script>'), 'the script payload is not shown as text');
        await wb.screenshot('security-payloads');
      }
      await focusWebview(frame);
      await wb.page.keyboard.press('j');
      // The next payload's item is on screen before it is probed: its own id, not the counter, which
      // moves at the key while the item it names may still be on its way from the host.
      if (i < 7) await frame.waitForFunction((id) => document.querySelector('[data-item]')?.getAttribute('data-item') === id, ids[i + 1], { timeout: 15_000 });
      frame = await wb.webviewFrame('.side[data-side="trained"] .text');
    }
    assert.ok(await wb.page.$('.monaco-workbench'), 'the workbench is gone (a command: URI ran?)');
  } finally {
    await wb.close();
    ws.dispose();
  }
});
