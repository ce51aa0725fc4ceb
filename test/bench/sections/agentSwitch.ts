import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import type { BenchSection } from '../registry';
import { percentile, round } from '../measure';
import { agentItem, chatItem, itemLine } from '../agentItems';
import { didShow } from './render';

const repoRoot = join(__dirname, '..', '..', '..');

/**
 * Item switch in the webview between an agent item (two 500-step trajectories: tool calls and
 * 5 KB results) and a chat item of the same byte size and message count, alternating in one run:
 * from `item/didShow` to the new item drawn, its rows aligned (the frame after) and laid out.
 */
export const agentSwitchSection: BenchSection = {
  name: 'agentSwitch',
  title: 'Item switch in the webview: an agent item against a chat item of the same size',
  async run(ctx) {
    ctx.log('agentSwitch: webview item switch, 2 × 500 agent steps vs chat of the same bytes…');
    const agent = agentItem('agent-0');
    const bytes = itemLine(agent).length;
    const chat = chatItem('chat-1', bytes);
    const chatBytes = itemLine(chat).length;
    const built = await esbuild.build({ entryPoints: [join(repoRoot, 'webview/main.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', minify: true, write: false, logLevel: 'silent' });
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
      await page.setContent('<!DOCTYPE html><html><head></head><body><div id="root"></div></body></html>');
      await page.addStyleTag({ content: readFileSync(join(repoRoot, 'media/review.css'), 'utf8') });
      await page.evaluate('window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} })');
      await page.addScriptTag({ content: built.outputFiles[0]!.text });
      const view = { diff: true, syncScroll: true, blind: false, swapped: false, showOthers: false, raw: false };
      const taxonomy = { traits: [{ id: 't', label: 'T', description: '', key: '1', color: '#e51400' }], severities: ['minor', 'major'], flags: [] };
      const init = { type: 'document/didInit', fileName: 'bench', annotator: 'bench', taxonomy, defaultSeverity: 'major', blindSeed: 1, view, position: 0, problems: [] };
      await page.evaluate(`window.dispatchEvent(new MessageEvent('message', { data: ${JSON.stringify(init)} }))`);
      await page.evaluate(`window.__items = ${JSON.stringify([didShow(agent, 0, 2), didShow(chat, 1, 2)])}`);
      const rounds = Math.max(6, ctx.repeats * 3);
      const times = (await page.evaluate(`(async () => {
        const send = (data) => window.dispatchEvent(new MessageEvent('message', { data }));
        const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
        const out = [[], []];
        for (let r = 0; r < ${rounds + 1}; r++) {
          for (let k = 0; k < 2; k++) {
            const t = performance.now();
            send(window.__items[k]);
            // The rows are aligned in the next frame; then style and layout as the frame after would do them.
            await frame();
            void document.getElementById('root').getBoundingClientRect().height;
            // A switch that failed (an exception in the view) would time nothing: the item must be the one sent.
            const shown = document.querySelector('[data-item]');
            if (!shown || shown.getAttribute('data-item') !== window.__items[k].item.id) throw new Error('item ' + window.__items[k].item.id + ' was not drawn');
            if (r > 0) out[k].push(performance.now() - t);
          }
        }
        return out;
      })()`)) as [number[], number[]];
      const [a, c] = times;
      const ratio = percentile(a, 50) / percentile(c, 50);
      const size = `${(bytes / 2 ** 20).toFixed(2)} MiB vs ${(chatBytes / 2 ** 20).toFixed(2)} MiB, ${rounds} switches each (first round unmeasured)`;
      return [
        { key: 'agentSwitchP50Ms', label: 'item switch to an agent item (2 × 500 steps, 5 KB results), p50', value: round(percentile(a, 50), 1), unit: 'ms', note: `chat item of the same size: ${round(percentile(c, 50), 1)} ms; ${size}` },
        { key: 'agentSwitchP99Ms', label: 'item switch to the agent item, p99', value: round(percentile(a, 99), 1), unit: 'ms', note: `chat item: ${round(percentile(c, 99), 1)} ms` },
        { key: 'chatSwitchP50Ms', label: 'item switch to the chat item of the same size, p50', value: round(percentile(c, 50), 1), unit: 'ms' },
        { key: 'agentVsChat', label: 'agent item ÷ chat item (p50)', value: round(ratio), unit: '×', note: 'measured in the same run' },
      ];
    } finally {
      await browser.close();
    }
  },
};
