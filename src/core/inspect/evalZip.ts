import { unzipRaw, type ZipEntry } from 'unzipit';
import type { ByteSource } from '../input/byteSource';
import type { Diagnostic } from '../diagnostic';
import type { AbortFlag, ItemResult } from '../input/dataset';
import { readFully } from '../input/entryStream';
import type { IndexProgress } from '../input/lineIndex';
import { parseJsonLine } from '../input/parseLine';
import type { SingleAdapter } from '../adapters/types';
import { keyText, type RunKey, type RunSource } from '../runs/runSource';
import { adapterFor, compareSamples, convertSample, sampleDiagnostic } from './convert';
import { logHeaderSchema, type LogHeader } from './header';

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
export class EvalZipLog implements RunSource {
  private _entries = new Map<string, ZipEntry>();
  private _samples: SampleEntry[] = [];
  /** Chunk start indexes by `prefix/sequence`, in order: the chunked layout's names are its only record of them. */
  private _chunks = new Map<string, number[]>();
  private _header: LogHeader | undefined;
  private _adapter: SingleAdapter = adapterFor(undefined);
  private _diagnostics: Diagnostic[] = [];
  private _done = false;

  constructor(
    readonly source: ByteSource,
    readonly file: string,
  ) {}

  get files(): readonly string[] {
    return [this.file];
  }
  get count(): number {
    return this._samples.length;
  }
  get done(): boolean {
    return this._done;
  }
  get diagnostics(): readonly Diagnostic[] {
    return this._diagnostics;
  }
  get header(): LogHeader | undefined {
    return this._header;
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

  fileOf(): string {
    return this.file;
  }

  key(i: number): RunKey {
    const s = this._samples[i]!;
    return { task: this._header?.eval.task, id: s.id, epoch: s.epoch };
  }

  async read(i: number): Promise<ItemResult> {
    const s = this._samples[i];
    if (!s) throw new RangeError(`no sample ${i} (have ${this.count})`);
    const name = keyText(this.key(i), false);
    try {
      if (!s.chunked) return convertSample(this._adapter, this.file, i, name, new Uint8Array(await s.entry.arrayBuffer()));
      return convertSample(this._adapter, this.file, i, name, await this._chunked(s));
    } catch (err) {
      return { index: i, line: i + 1, diagnostics: [sampleDiagnostic(this.file, i + 1, name, 'error', `cannot be read from the zip: ${err instanceof Error ? err.message : String(err)}`)] };
    }
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
