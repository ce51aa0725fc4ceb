import { z } from 'zod';
import { parseJsonLine } from '../input/parseLine';

/**
 * The parts of Inspect's `EvalSampleSummary` (src/inspect_ai/log/_log.py) an item list's early
 * row is made of. What Inspect writes there is thinned (`thin_metadata`, `thin_input`): metadata
 * strings have their white space collapsed and are cut near 1 KB, other values over 1 KB are
 * replaced by a note (older versions drop them), and `input` is the dataset's input with long
 * texts cut and images as placeholders, not the conversation a solver may have rewritten. So a
 * summary is a description of the sample, never the sample: a row made from it is provisional
 * until the sample is read.
 */
export const sampleSummarySchema = z.looseObject({
  id: z.union([z.string(), z.number()]),
  epoch: z.number().int(),
  // The messages are checked as a sample's are, by the adapter, when the row is made.
  input: z.union([z.string(), z.array(z.unknown())]).optional(),
  target: z.union([z.string(), z.array(z.string())]).optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
});

export type SampleSummary = z.infer<typeof sampleSummarySchema>;

/** Bytes of summaries a log may have per sample, and in all: far past what Inspect writes (input cut to 5 KB a message, metadata to 1 KB a key). */
export const summaryBytesPerSample = 64 << 10;
const summaryBytesBase = 1 << 20;

/** The most summary bytes read for a log of `samples` samples (its central directory's count, never a number the summaries claim). */
export function summaryBudget(samples: number, cap: number): number {
  return Math.min(cap, summaryBytesBase + samples * summaryBytesPerSample);
}

/** Entry names of the summaries a log being written keeps (src/inspect_ai/log/_recorders/eval.py): numbered chunks, in order. */
export const journalSummary = /^_journal\/summaries\/(\d+)\.json$/;

/**
 * One summaries entry's records (`summaries.json`, or a journal chunk), each checked; throws an
 * error naming the entry and the record at fault.
 */
export function parseSummaries(name: string, bytes: Uint8Array): SampleSummary[] {
  const parsed = parseJsonLine(bytes);
  if (!parsed.ok) throw new Error(`${name} is not valid JSON (${parsed.message})`);
  if (!Array.isArray(parsed.value)) throw new Error(`${name} is not a list of sample summaries`);
  const out: SampleSummary[] = [];
  for (const [k, record] of parsed.value.entries()) {
    const r = sampleSummarySchema.safeParse(record);
    if (!r.success) {
      const issue = r.error.issues[0];
      const where = issue?.path.length ? ` at \`${issue.path.join('.')}\`` : '';
      throw new Error(`${name}: summary ${k + 1}${where}: ${issue?.message ?? 'not a sample summary'}`);
    }
    out.push(r.data);
  }
  return out;
}

/** A summary's key as the central directory's names write it: `{id}_epoch_{n}`. */
export const summaryKey = (id: string | number, epoch: number) => `${String(id)}_epoch_${epoch}`;
