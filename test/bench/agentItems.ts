import type { ReviewItem } from '../../src/core/schema';

/**
 * An agent item: two trajectories of `steps` steps each (a model turn calling a tool, then its
 * result of about `resultBytes`: a log, code, or compact JSON in turn), and a chat item of the same
 * byte size and message count (user and assistant turns of prose), to compare item switches.
 */
export function agentItem(id: string, steps = 500, resultBytes = 5 * 1024): ReviewItem {
  const side = (name: string, seed: number) => {
    const messages: ReviewItem['sides'][number]['messages'] = [];
    for (let k = 0; k < steps / 2; k++) {
      const callId = `${name}_call_${k}`;
      const tool = ['bash', 'read_file', 'search'][k % 3]!;
      messages.push({ role: 'assistant', content: k % 5 ? '' : `Step ${k}: checking the next file.`, tool_calls: [{ id: callId, type: 'function', function: { name: tool, arguments: JSON.stringify(tool === 'bash' ? { cmd: `pytest -q tests/test_${k}.py` } : { path: `src/module_${(k * seed) % 97}.py` }) } }] });
      messages.push({ role: 'tool', tool_call_id: callId, name: tool, content: result(k, seed, resultBytes) });
    }
    return { name, model: name === 'baseline' ? 'base' : 'rl', messages };
  };
  return { id, prompt: [{ role: 'system', content: 'You are a coding agent.' }, { role: 'user', content: 'Make the test suite pass.' }], sides: [side('baseline', 3), side('trained', 7)], metadata: { domain: 'agent' } };
}

function result(k: number, seed: number, bytes: number): string {
  const form = k % 3;
  if (form === 2) {
    const rows: object[] = [];
    while (JSON.stringify(rows).length < bytes) rows.push({ file: `src/m_${rows.length}.py`, line: (rows.length * seed) % 400, match: `def helper_${rows.length}(x): return x * ${seed}` });
    return JSON.stringify(rows);
  }
  const lines: string[] = [];
  let n = 0;
  while (n < bytes) {
    const line = form === 0 ? `tests/test_${k}.py::test_case_${lines.length} ${lines.length % 7 ? 'PASSED' : 'FAILED'} [${lines.length}%]` : `    value_${lines.length} = compute(${seed}, ${lines.length})  # keep in range`;
    lines.push(line);
    n += line.length + 1;
  }
  return lines.join('\n');
}

/** A chat item of `bytes` (as JSON) with `messages` turns a side: shared user turns, different prose answers. */
export function chatItem(id: string, bytes: number, messages = 500): ReviewItem {
  // Half the turns (the answers) of two sides carry the bytes.
  const per = Math.max(16, Math.floor((bytes - messages * 180) / messages));
  const words = ['the', 'model', 'should', 'verify', 'each', 'step', 'before', 'it', 'answers', 'and', 'explains', 'why'];
  const prose = (k: number, seed: number) => {
    let s = '';
    for (let w = k * seed; s.length < per; w++) s += `${words[w % words.length]}${w % 11 ? ' ' : '. '}`;
    return s.slice(0, per);
  };
  const side = (name: string, seed: number) => ({
    name,
    model: name === 'baseline' ? 'base' : 'rl',
    messages: Array.from({ length: messages }, (_, k) => (k % 2 ? { role: 'assistant' as const, content: prose(k, seed) } : { role: 'user' as const, content: `Question ${k}: ${prose(k, 1).slice(0, 80)}` })),
  });
  return { id, prompt: [{ role: 'user', content: 'Talk me through it.' }], sides: [side('baseline', 3), side('trained', 5)], metadata: { domain: 'chat' } };
}

/** The canonical JSONL line of an item (baseline / trained), as the input files hold it. */
export function itemLine(item: ReviewItem): string {
  const [b, t] = item.sides;
  return JSON.stringify({ id: item.id, prompt: item.prompt, baseline: { model: b.model, messages: b.messages }, trained: { model: t.model, messages: t.messages }, metadata: item.metadata });
}
