import type { AbortFlag } from '../input/dataset';
import { blockReader } from '../input/blockReader';
import type { IndexProgress } from '../input/lineIndex';
import { parseJsonLine } from '../input/parseLine';
import { adapterFor } from './convert';
import { logHeaderSchema } from './header';
import { InspectLog } from './inspectLog';
import { SampleNames } from './sampleNames';
import { readZipDirectory, type ZipDirectory, type ZipEntry } from './zipDirectory';
import { maxEntryBytes, readEntry } from './zipEntry';
import { journalSummary, parseSummary, summaryBudget, summaryElements, summaryKey, type SampleSummary } from './sampleSummaries';
import { peekKey } from './jsonSampleScan';
import { sampleTranscript } from '../adapters/inspectSample';
import type { Transcript } from '../adapters/types';
import type { DescribedRecords } from '../runs/runSource';

/** Messages one sample may have once its `message_refs` are expanded: refs can repeat a range, so a few KB could name billions. */
export const maxSampleMessages = 100_000;

// Entry names of a chunked sample's message and attachment chunks (src/inspect_ai/log/_recorders/chunked/format.py).
const chunk = /^(samples\/.+_epoch_\d+)\/(messages|attachments)\/(\d+)\.json$/;

/**
 * An Inspect `.eval` log: a zip of `header.json` and one entry per sample. Opening reads the
 * central directory (one read) and the header only; a sample is inflated when it is shown. Samples in the
 * chunked layout (`samples/{id}_epoch_{n}/…`) are put back together from their shell, metadata,
 * message chunks and attachment chunks.
 */
export class EvalZipLog extends InspectLog {
  private _dir: ZipDirectory | undefined;
  private _samples: SampleNames | undefined;
  /** Each other name's position in the directory (the last, for a name written twice): the header, chunked samples' parts. */
  private _entries = new Map<string, number>();
  /** Chunk start indexes by `prefix/sequence`, in order: the chunked layout's names are its only record of them. */
  private _chunks = new Map<string, number[]>();
  /** Journal summary chunks (`_journal/summaries/N.json`) by their number: a log still being written has these, not `summaries.json`. */
  private _journal: { n: number; name: string }[] = [];
  /** Small reads served from 1 MiB blocks: a zip's headers and small entries are many. */
  private readonly _read = blockReader(this.source);

  get count(): number {
    return this._samples?.count ?? 0;
  }

  async build(onProgress?: (p: IndexProgress) => void, signal?: AbortFlag): Promise<void> {
    // Built once: a pairing builds its runs, which may have been built already.
    if (this._done) return;
    const source = this.source;
    let dir: ZipDirectory;
    try {
      dir = this._dir = await readZipDirectory(source, this._read);
    } catch (err) {
      this._fail(`not a readable .eval log (zip): ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (signal?.aborted) return;
    const samples = new SampleNames(dir);
    // A name written twice is read as Python's zipfile (and so Inspect) reads it: the last one.
    const twice = [...samples.repeated];
    for (const k of samples.others) {
      const name = dir.name(k);
      const before = this._entries.has(name);
      if (before) twice.push(k);
      this._entries.set(name, k);
      const j = journalSummary.exec(name);
      if (j && !before) this._journal.push({ n: Number(j[1]), name });
      const c = chunk.exec(name);
      if (!c || before) continue;
      const key = `${c[1]}/${c[2]}`;
      const starts = this._chunks.get(key);
      if (starts) starts.push(Number(c[3]));
      else this._chunks.set(key, [Number(c[3])]);
    }
    if (twice.length) {
      const first = dir.name(twice.reduce((a, b) => Math.min(a, b)));
      const which = twice.length > 1 ? `${first} and ${(twice.length - 1).toLocaleString('en-US')} more names are` : `${first} is`;
      this._diagnostics.push({ file: this.file, line: 1, column: 0, severity: 'warning', message: `${which} in the zip more than once: the last entry of a name is read` });
    }
    // A log still being written has no header.json yet; its journal holds the eval spec.
    const headerAt = this._entries.get('header.json') ?? this._entries.get('_journal/start.json');
    if (headerAt !== undefined) {
      // A damaged header is this log's warning, not a failure of the folder it is in: its samples are still read.
      const bytes = await Promise.resolve()
        .then(async () => readEntry(await dir.entry(headerAt), this._read, source.size))
        .catch((err: unknown) => (err instanceof Error ? err.message : String(err)));
      const parsed = typeof bytes === 'string' ? undefined : parseJsonLine(bytes);
      const h = parsed?.ok ? logHeaderSchema.safeParse(parsed.value) : undefined;
      if (h?.success) this._header = h.data;
      else {
        const why = typeof bytes === 'string' ? `cannot be read (${bytes})` : parsed && !parsed.ok ? `is not valid JSON (${parsed.message})` : 'has no `eval.task` and `eval.model`';
        this._diagnostics.push({ file: this.file, line: 1, column: 0, severity: 'warning', message: `${dir.name(headerAt)} ${why}: samples are read without task and model` });
      }
    } else {
      this._diagnostics.push({ file: this.file, line: 1, column: 0, severity: 'warning', message: 'the log has no header.json: task and model unknown' });
    }
    this._adapter = adapterFor(this._header);
    // Counted once the header is read: a sample read as soon as there is one is read with the header's task and model.
    this._samples = samples;
    this._done = true;
    onProgress?.({ bytesScanned: source.size, totalBytes: source.size, lines: this.count });
  }

  /**
   * The samples as the log describes them before any is read: the key from the central directory,
   * the task and model from the header, and, from Inspect's own summaries (`summaries.json`, else
   * the journal's chunks) when the log has them, the input as the conversation and the metadata.
   * The summaries entry is read and its elements found once here; each summary is parsed when its
   * sample's row is made.
   */
  async described(): Promise<DescribedRecords> {
    const found = await this._summaries();
    const context = { task: this._header?.eval.task, model: this._header?.eval.model };
    const bare = (i: number): Transcript => {
      const s = this._sample(i);
      return sampleTranscript({ id: s.id, epoch: s.epoch, input: '', messages: [] }, context);
    };
    return {
      // An empty task names none: the benchmark is then the sample's own (`metadataOf`).
      exact: { model: this._header !== undefined, task: !!this._header?.eval.task },
      transcript: (i: number) => {
        const k = found?.of[i] ?? -1;
        if (k < 0) return bare(i);
        const part = found!.parts[found!.part[k]!]!;
        const e = found!.element[k]!;
        let summary: SampleSummary;
        try {
          summary = parseSummary(part.name, e, part.bytes.subarray(part.starts[e], part.ends[e]));
        } catch (err) {
          this._warn(`${err instanceof Error ? err.message : String(err)}: its row shows the key alone until the sample is read`);
          return bare(i);
        }
        const s = this._sample(i);
        // Found by its first bytes: a summary whose parsed key is another describes nothing of this sample.
        if (summaryKey(summary.id, summary.epoch) !== summaryKey(s.id, s.epoch)) return bare(i);
        // Checked as a sample is: a summary whose input is not chat messages describes nothing more than the key.
        try {
          const t = this._adapter.toTranscript({ ...summary, messages: typeof summary.input === 'string' ? [{ role: 'user', content: summary.input }] : (summary.input ?? []) });
          return t.ok ? t.value : bare(i);
        } catch {
          // A description that cannot be made is no description: the row waits for its sample.
          return bare(i);
        }
      },
    };
  }

  /**
   * Inspect's summaries entries, read within a budget from the real entry sizes and the
   * directory's sample count, their elements found, and per sample the element of its key (-1:
   * none). An element whose key is not first in it (as Inspect writes it) is parsed for its key; a
   * summary of a key the log has no sample of is left out. Entries that are not lists of
   * summaries, or too large, are a warning, and the rows are made from the keys alone.
   */
  private async _summaries(): Promise<SummariesFound | undefined> {
    const samples = this._samples;
    if (!samples) return undefined;
    const names = this._entries.has('summaries.json') ? ['summaries.json'] : [...this._journal].sort((a, b) => a.n - b.n).map((j) => j.name);
    if (!names.length) return undefined;
    const parts: SummariesFound['parts'] = [];
    // Per summary (all entries in order): its entry and its element there, by its key.
    const part: number[] = [];
    const element: number[] = [];
    const byKey = new Map<string, number>();
    // Summaries that cannot be read, warned of once (the first named, the rest counted): a forged entry can hold one a sample.
    let leftOut: { first: string; more: number } | undefined;
    try {
      let budget = summaryBudget(samples.count, maxEntryBytes);
      for (const name of names) {
        const e = (await this._entry(name))!;
        // The claim is bounded before anything is allocated; `readEntry` then holds the bytes to it.
        if (e.size > budget) throw new RangeError(`${name} is ${e.size.toLocaleString('en-US')} bytes, more than the summaries of ${samples.count.toLocaleString('en-US')} samples are read with`);
        budget -= e.size;
        const bytes = await readEntry(e, this._read, this.source.size);
        const { starts, ends } = summaryElements(name, bytes);
        const p = parts.push({ name, bytes, starts, ends }) - 1;
        for (let k = 0; k < starts.length; k++) {
          let key: string | undefined;
          const peeked = bytes[starts[k]!] === 0x7b ? peekKey(bytes, starts[k]!) : undefined;
          if (peeked) key = summaryKey(peeked.id, peeked.epoch);
          else {
            try {
              const s = parseSummary(name, k, bytes.subarray(starts[k], ends[k]));
              key = summaryKey(s.id, s.epoch);
            } catch (err) {
              if (leftOut) leftOut.more++;
              else leftOut = { first: err instanceof Error ? err.message : String(err), more: 0 };
              continue;
            }
          }
          if (byKey.has(key)) continue;
          byKey.set(key, part.length);
          part.push(p);
          element.push(k);
        }
      }
    } catch (err) {
      this._warn(`${err instanceof Error ? err.message : String(err)}: the item list is made from the samples alone`);
      return undefined;
    } finally {
      if (leftOut) this._warn(`${leftOut.first}${leftOut.more ? ` (and ${leftOut.more.toLocaleString('en-US')} more summaries that cannot be read)` : ''}: left out`);
    }
    const of = new Int32Array(samples.count).fill(-1);
    let matched = 0;
    for (let i = 0; i < samples.count; i++) {
      const k = byKey.get(summaryKey(samples.id(i), samples.epoch(i)));
      if (k === undefined) continue;
      of[i] = k;
      matched++;
    }
    if (matched < byKey.size) {
      const extra = byKey.size - matched;
      this._warn(`${names.length > 1 ? "the journal's summaries" : names[0]} summarize${names.length > 1 ? '' : 's'} ${extra.toLocaleString('en-US')} sample${extra === 1 ? '' : 's'} the log does not have: left out`);
    }
    return { parts, part, element, of };
  }

  /** Warnings given, so that each is given once however often the summaries are read (a set: rows are many). */
  private readonly _warned = new Set<string>();

  /** A warning of the log's, once. */
  private _warn(message: string): void {
    if (this._warned.has(message)) return;
    this._warned.add(message);
    this._diagnostics.push({ file: this.file, line: 1, column: 0, severity: 'warning', message });
  }

  private _fail(message: string): void {
    this._diagnostics.push({ file: this.file, line: 1, column: 0, severity: 'error', message });
    this._done = true;
  }

  /** The entry of this name (the last, for a name written twice). */
  private async _entry(name: string): Promise<ZipEntry | undefined> {
    const k = this._entries.get(name);
    return k === undefined ? undefined : this._dir!.entry(k);
  }

  protected _sample(i: number): { id: string; epoch: number } {
    return { id: this._samples!.id(i), epoch: this._samples!.epoch(i) };
  }

  protected async _sampleJson(i: number): Promise<Uint8Array | unknown> {
    const k = this._samples!.entries[i]!;
    return this._samples!.chunked[i] ? this._chunked(k) : readEntry(await this._dir!.entry(k), this._read, this.source.size);
  }

  protected override _readFailure(err: unknown): string {
    return `cannot be read from the zip: ${err instanceof Error ? err.message : String(err)}`;
  }

  private async _json(name: string): Promise<unknown> {
    const e = await this._entry(name);
    return e ? this._parsed(name, await readEntry(e, this._read, this.source.size)) : undefined;
  }

  private _parsed(name: string, bytes: Uint8Array): unknown {
    const parsed = parseJsonLine(bytes);
    if (!parsed.ok) throw new Error(`${name}: ${parsed.message}`);
    return parsed.value;
  }

  /** The chunks of one sequence (`messages`, `attachments`), in order of their start index, concatenated. */
  private async _sequence(prefix: string, sequence: string): Promise<unknown[]> {
    const starts = [...(this._chunks.get(`${prefix}/${sequence}`) ?? [])].sort((a, b) => a - b);
    const out: unknown[] = [];
    for (const start of starts) {
      const part = await this._json(`${prefix}/${sequence}/${start}.json`);
      // One element at a time: a spread of a large chunk overflows the stack.
      if (Array.isArray(part)) for (const m of part) out.push(m);
    }
    return out;
  }

  /** A chunked sample (its shell, entry `k`) as one `EvalSample`: the final conversation is `message_refs` ranges into the message pool. */
  private async _chunked(k: number): Promise<unknown> {
    const shell = await this._dir!.entry(k);
    const prefix = shell.name.slice(0, -'/sample.json'.length);
    const shellValue = this._parsed(shell.name, await readEntry(shell, this._read, this.source.size)) as Record<string, unknown>;
    const metadata = (await this._json(`${prefix}/metadata.json`)) ?? {};
    const pool = await this._sequence(prefix, 'messages');
    const messages = expandRefs(shellValue.message_refs, pool);
    const attachments = Object.fromEntries((await this._sequence(prefix, 'attachments')).map((a, k) => [String(k), a]));
    return { ...shellValue, metadata, messages, attachments };
  }
}

/** A log's summaries entries with their elements found, and per sample (`of`) its summary's number (-1: none), each summary's entry (`part`) and element there. */
interface SummariesFound {
  parts: { name: string; bytes: Uint8Array; starts: number[]; ends: number[] }[];
  part: number[];
  element: number[];
  of: Int32Array;
}

/**
 * The final conversation of a chunked sample: its `message_refs` (`[start, end)` ranges into the
 * pool) expanded. Each range must lie in the pool the log really holds, and the whole at most
 * `maxSampleMessages`, checked before anything is copied; else the sample is an error.
 */
export function expandRefs(refs: unknown, pool: readonly unknown[]): unknown[] {
  if (refs === undefined || refs === null) return [];
  if (!Array.isArray(refs)) throw new Error('`message_refs` is not a list of [start, end] ranges');
  let total = 0;
  for (const [k, r] of refs.entries()) {
    const ok = Array.isArray(r) && r.length >= 2 && Number.isSafeInteger(r[0]) && Number.isSafeInteger(r[1]) && 0 <= r[0] && r[0] <= r[1] && r[1] <= pool.length;
    if (!ok) throw new Error(`\`message_refs[${k}]\` ${JSON.stringify(r)?.slice(0, 40)} is not a range of the ${pool.length.toLocaleString('en-US')} messages the log holds`);
    total += (r[1] as number) - (r[0] as number);
    if (total > maxSampleMessages) throw new RangeError(`\`message_refs\` (${refs.length.toLocaleString('en-US')} ranges) expand to more than ${maxSampleMessages.toLocaleString('en-US')} messages, the most one sample is read with`);
  }
  const out: unknown[] = [];
  for (const r of refs as [number, number][]) for (let i = r[0]; i < r[1]; i++) out.push(pool[i]);
  return out;
}
