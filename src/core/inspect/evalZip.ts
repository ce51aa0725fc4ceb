import { unzipRaw, type ZipEntry } from 'unzipit';
import type { AbortFlag } from '../input/dataset';
import { readFully } from '../input/entryStream';
import type { IndexProgress } from '../input/lineIndex';
import { parseJsonLine } from '../input/parseLine';
import { adapterFor, compareSamples } from './convert';
import { logHeaderSchema } from './header';
import { InspectLog } from './inspectLog';

interface SampleEntry {
  id: string;
  epoch: number;
  /** `samples/{id}_epoch_{n}.json`, or the chunked layout's `samples/{id}_epoch_{n}/sample.json`. */
  entry: ZipEntry;
  chunked: boolean;
}

// Entry names of the two sample layouts (src/inspect_ai/log/_recorders/chunked/format.py).
const monolith = /^samples\/(.+)_epoch_(\d+)\.json$/;
const shell = /^samples\/(.+)_epoch_(\d+)\/sample\.json$/;
const chunk = /^(samples\/.+_epoch_\d+)\/(messages|attachments)\/(\d+)\.json$/;

/**
 * An Inspect `.eval` log: a zip of `header.json` and one entry per sample. Opening reads the
 * central directory and the header only; a sample is inflated when it is shown. Samples in the
 * chunked layout (`samples/{id}_epoch_{n}/…`) are put back together from their shell, metadata,
 * message chunks and attachment chunks.
 */
export class EvalZipLog extends InspectLog {
  private _entries = new Map<string, ZipEntry>();
  private _samples: SampleEntry[] = [];
  /** Chunk start indexes by `prefix/sequence`, in order: the chunked layout's names are its only record of them. */
  private _chunks = new Map<string, number[]>();

  get count(): number {
    return this._samples.length;
  }

  async build(onProgress?: (p: IndexProgress) => void, signal?: AbortFlag): Promise<void> {
    // Built once: a pairing builds its runs, which may have been built already.
    if (this._done) return;
    const source = this.source;
    let entries: ZipEntry[];
    try {
      ({ entries } = await unzipRaw({
        getLength: async () => source.size,
        read: async (offset: number, length: number) => {
          const buf = new Uint8Array(length);
          await readFully(source, buf, length, offset);
          return buf;
        },
      }));
    } catch (err) {
      this._fail(`not a readable .eval log (zip): ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (signal?.aborted) return;
    for (const e of entries) this._entries.set(e.name, e);
    for (const e of entries) {
      const c = chunk.exec(e.name);
      if (c) {
        const key = `${c[1]}/${c[2]}`;
        this._chunks.set(key, [...(this._chunks.get(key) ?? []), Number(c[3])]);
        continue;
      }
      const m = monolith.exec(e.name) ?? shell.exec(e.name);
      if (m) this._samples.push({ id: m[1]!, epoch: Number(m[2]), entry: e, chunked: !monolith.test(e.name) });
    }
    this._samples.sort(compareSamples);
    // A log still being written has no header.json yet; its journal holds the eval spec.
    const headerEntry = this._entries.get('header.json') ?? this._entries.get('_journal/start.json');
    if (headerEntry) {
      const parsed = parseJsonLine(new Uint8Array(await headerEntry.arrayBuffer()));
      const h = parsed.ok ? logHeaderSchema.safeParse(parsed.value) : undefined;
      if (h?.success) this._header = h.data;
      else this._diagnostics.push({ file: this.file, line: 1, column: 0, severity: 'error', message: `${headerEntry.name} has no \`eval.task\` and \`eval.model\`: samples are read without them` });
    } else {
      this._diagnostics.push({ file: this.file, line: 1, column: 0, severity: 'warning', message: 'the log has no header.json: task and model unknown' });
    }
    this._adapter = adapterFor(this._header);
    this._done = true;
    onProgress?.({ bytesScanned: source.size, totalBytes: source.size, lines: this.count });
  }

  private _fail(message: string): void {
    this._diagnostics.push({ file: this.file, line: 1, column: 0, severity: 'error', message });
    this._done = true;
  }

  protected _sample(i: number): SampleEntry {
    return this._samples[i]!;
  }

  protected async _sampleJson(i: number): Promise<Uint8Array | unknown> {
    const s = this._samples[i]!;
    return s.chunked ? this._chunked(s) : new Uint8Array(await s.entry.arrayBuffer());
  }

  protected override _readFailure(err: unknown): string {
    return `cannot be read from the zip: ${err instanceof Error ? err.message : String(err)}`;
  }

  private async _json(name: string): Promise<unknown> {
    const e = this._entries.get(name);
    if (!e) return undefined;
    const parsed = parseJsonLine(new Uint8Array(await e.arrayBuffer()));
    if (!parsed.ok) throw new Error(`${name}: ${parsed.message}`);
    return parsed.value;
  }

  /** The chunks of one sequence (`messages`, `attachments`), in order of their start index, concatenated. */
  private async _sequence(prefix: string, sequence: string): Promise<unknown[]> {
    const starts = [...(this._chunks.get(`${prefix}/${sequence}`) ?? [])].sort((a, b) => a - b);
    const out: unknown[] = [];
    for (const start of starts) {
      const part = await this._json(`${prefix}/${sequence}/${start}.json`);
      if (Array.isArray(part)) out.push(...part);
    }
    return out;
  }

  /** A chunked sample as one `EvalSample`: the final conversation is `message_refs` ranges into the message pool. */
  private async _chunked(s: SampleEntry): Promise<unknown> {
    const prefix = s.entry.name.slice(0, -'/sample.json'.length);
    const shellValue = (await this._json(s.entry.name)) as Record<string, unknown>;
    const metadata = (await this._json(`${prefix}/metadata.json`)) ?? {};
    const pool = await this._sequence(prefix, 'messages');
    const refs = Array.isArray(shellValue.message_refs) ? (shellValue.message_refs as [number, number][]) : [];
    const messages = refs.flatMap(([start, end]) => pool.slice(start, end));
    const attachments = Object.fromEntries((await this._sequence(prefix, 'attachments')).map((a, k) => [String(k), a]));
    return { ...shellValue, metadata, messages, attachments };
  }
}
