import { z } from 'zod';
import { parseJsonLine } from '../input/parseLine';
import { stringEnd } from '../input/jsonStringEnd';
import { isJsonBlank } from '../input/jsonBlank';

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

const quote = 0x22;

/**
 * Where each element of a summaries entry (a JSON list, as Inspect writes `summaries.json` and
 * the journal's chunks) lies, [start, end) in `bytes`, found without parsing: strings are skipped
 * by the byte search for their closing quote, brackets counted. 120k summaries are 100+ MB of
 * JSON, and a row needs only its own: each is parsed when its row is made (`parseSummary`).
 * Throws, naming the entry, when the bytes are not one list.
 */
export function summaryElements(name: string, bytes: Uint8Array): { starts: number[]; ends: number[] } {
  const n = bytes.length;
  let p = 0;
  while (isJsonBlank(bytes[p])) p++;
  if (bytes[p] !== 0x5b) throw new Error(`${name} is not a list of sample summaries`);
  const starts: number[] = [];
  const ends: number[] = [];
  let depth = 0;
  let start = -1;
  for (p++; p < n; p++) {
    const c = bytes[p]!;
    if (c === quote) {
      const q = stringEnd(bytes, p + 1);
      if (q < 0) throw new Error(`${name} ends inside a string (summary ${starts.length + 1})`);
      if (start < 0) start = p;
      p = q;
    } else if (c === 0x7b || c === 0x5b) {
      if (start < 0) start = p;
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      if (depth > 0) {
        depth--;
        continue;
      }
      if (c === 0x7d) throw new Error(`${name}: a stray \`}\` at byte ${p.toLocaleString('en-US')}`);
      if (start >= 0) {
        starts.push(start);
        ends.push(p);
      } else if (starts.length) throw new Error(`${name}: a comma before \`]\` at byte ${p.toLocaleString('en-US')}`);
      for (p++; p < n; p++) if (!isJsonBlank(bytes[p])) throw new Error(`${name}: bytes after the list, at byte ${p.toLocaleString('en-US')}`);
      return { starts, ends };
    } else if (depth === 0 && c === 0x2c) {
      if (start < 0) throw new Error(`${name}: an empty summary at byte ${p.toLocaleString('en-US')}`);
      starts.push(start);
      ends.push(p);
      start = -1;
    } else if (start < 0 && !isJsonBlank(c)) start = p;
  }
  throw new Error(`${name} ends inside its list (after ${starts.length.toLocaleString('en-US')} summaries)`);
}

/** Summary `k` (0-based) of entry `name`, parsed and checked; throws an error naming the entry, the summary and the field at fault. */
export function parseSummary(name: string, k: number, bytes: Uint8Array): SampleSummary {
  const parsed = parseJsonLine(bytes);
  if (!parsed.ok) throw new Error(`${name}: summary ${k + 1} is not valid JSON (${parsed.message})`);
  const r = sampleSummarySchema.safeParse(parsed.value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue?.path.length ? ` at \`${issue.path.join('.')}\`` : '';
  throw new Error(`${name}: summary ${k + 1}${where}: ${issue?.message ?? 'not a sample summary'}`);
}

/** A summary's key as the central directory's names write it: `{id}_epoch_{n}`. */
export const summaryKey = (id: string | number, epoch: number) => `${String(id)}_epoch_${epoch}`;
