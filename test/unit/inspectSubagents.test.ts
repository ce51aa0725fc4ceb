import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { memorySource } from '../../src/core/input/byteSource';
import { JsonLog } from '../../src/core/inspect/jsonLog';
import { markHandoffs, withInspectSubagents } from '../../src/core/adapters/inspectSubagents';
import { messageText } from '../../src/core/messageText';
import type { Message } from '../../src/core/schema';
import { fixtures } from './helpers';

const subagentOf = (m: Message) => (m as { subagent?: { id: string; call_id?: string } }).subagent;

async function sample(side: string): Promise<Message[]> {
  const bytes = new Uint8Array(await readFile(join(fixtures, 'formats', 'agents', 'inspect', side, 'team.json')));
  const log = new JsonLog(memorySource(bytes), 'team.json');
  await log.build();
  const r = await log.read(0);
  assert.deepEqual(r.diagnostics, []);
  return r.transcript!.messages;
}

test('Inspect sub-agents: a handoff’s turns and an agent run as a tool (only in the events) nest under the call that started them', async () => {
  const messages = await sample('trained');
  const rows = messages.map((m) => `${m.role}${subagentOf(m) ? ` [${subagentOf(m)!.id} ← ${subagentOf(m)!.call_id}]` : ''}: ${messageText(m) || m.tool_calls?.map((c) => c.function.name).join(', ')}`);
  assert.deepEqual(rows, [
    'system: You lead a small research team.',
    'user: Find the population of Lyon and have it checked.',
    'assistant: transfer_to_researcher',
    'tool: Successfully transferred to researcher.',
    // The handoff: in the sample's own messages, marked in place (text unchanged, so spans stay exact).
    'assistant [researcher ← call_r1]: [researcher] Lyon has about 520,000 inhabitants (INSEE, 2021).',
    'user [researcher ← call_r1]: The researcher agent has completed its work.',
    'assistant: checker',
    'tool: Confirmed: 522,250 in 2021.',
    // The checker: its last model call's conversation, from the events, after the result of call_c1.
    'user [checker ← call_c1]: Check this claim: Lyon has about 520,000 inhabitants.',
    'assistant [checker ← call_c1]: web_search',
    'tool [checker ← call_c1]: Lyon: 522,250 inhabitants (2021 census).',
    'assistant [checker ← call_c1]: Confirmed: 522,250 in 2021.',
    'assistant: Lyon has about 520,000 inhabitants; the checker confirmed it.',
  ]);
  assert.match(messages[10]!.name ?? '', /^sub-agent checker · web_search$/, 'its tool result says whose it is and which tool');
  // A sample without sub-agents reads as before.
  assert.equal((await sample('baseline')).some((m) => subagentOf(m)), false);
});

test('Inspect events that are not understood are skipped; a handoff run ends at a turn that is not the sub-agent’s', () => {
  const base: Message[] = [
    { role: 'assistant', content: '', tool_calls: [{ id: 'h1', type: 'function', function: { name: 'transfer_to_writer', arguments: '{}' } }] },
    { role: 'tool', tool_call_id: 'h1', name: 'transfer_to_writer', content: 'Successfully transferred to writer.' },
    { role: 'assistant', content: '[writer] A draft.' },
    { role: 'assistant', content: 'Back to me: done.' },
  ];
  const out = withInspectSubagents(base, [null, 5, 'x', { event: 'tool', id: 3 }, { event: 'model', input: 'not a list' }, { event: 'span_begin' }, { event: 'tool', id: 'h1', function: 'transfer_to_writer', agent: 'writer' }], () => {
    throw new Error('no sub-agent conversation should be read');
  });
  assert.deepEqual(out.map((m) => subagentOf(m)?.id ?? '-'), ['-', '-', 'writer', '-']);
  // A transfer result with other text (the tool failed) starts no run.
  assert.deepEqual(markHandoffs([base[0]!, { ...base[1]!, content: 'Error: no such agent' }, base[2]!]).map((m) => subagentOf(m)?.id ?? '-'), ['-', '-', '-']);
});
