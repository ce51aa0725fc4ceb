import { evalSampleSchema, sampleTranscript, type SampleContext } from './inspectSample';
import { check } from './common';
import type { SingleAdapter } from './types';

/**
 * Inspect AI samples (`EvalSample`): as read from an `.eval` / `.json` log, with the header's
 * task and model as context, or one per JSONL line (no context: the model from `output.model`).
 */
export function inspectAdapter(context: SampleContext = {}): SingleAdapter<'inspect'> {
  return {
    name: 'inspect',
    kind: 'single',
    shape: '{"id", "epoch", "input", "target", "messages": [Inspect chat messages], "scores": {scorer: {"value", "answer"?, "explanation"?}}}',
    probe: (r) => typeof r.epoch === 'number' && 'input' in r && Array.isArray(r.messages),
    toTranscript(record) {
      const r = check(evalSampleSchema, record, 'Inspect sample');
      return r.ok ? { ok: true, value: sampleTranscript(r.value, context) } : r;
    },
  };
}
