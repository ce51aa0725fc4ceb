// The elements the page draws for the bench's agent item (two 500-step trajectories, 5 KB results)
// and for a chat item of the same byte size: a count, not a timing (docs/performance.md).
// Run: npx tsx test/bench/domCount.ts
import { alignTurns } from '../../src/core/diff/align';
import type { ReviewItem } from '../../src/core/schema';
import { page } from '../../webview/views/page';
import type { ViewState } from '../../webview/state';
import { markup } from '../unit/litText';
import { fakeView, shownState } from '../unit/webviewFixtures';
import { agentItem, chatItem, itemLine } from './agentItems';

/** Elements in the page's markup with `it` shown (every start tag is one element). */
export function drawnElements(it: ReviewItem, patch: Partial<ViewState> = {}): number {
  const s = shownState({ item: it, turns: alignTurns(it.sides[0].messages, it.sides[1].messages), ...patch });
  return (markup(page(s, fakeView(s).actions)).match(/<[a-zA-Z]/g) ?? []).length;
}

if (process.argv[1]?.endsWith('domCount.ts')) {
  const agent = agentItem('agent-0');
  const chat = chatItem('chat-1', itemLine(agent).length);
  const rows = [
    ['agent item, results as they open', drawnElements(agent)],
    ['agent item, every result open (`c`; every body, as all were drawn before)', drawnElements(agent, { resultsAll: true })],
    ['chat item of the same size', drawnElements(chat)],
  ] as const;
  for (const [what, n] of rows) console.log(`${n.toLocaleString('en-US').padStart(9)}  ${what}`);
}
