import type { AbortFlag } from '../input/dataset';
import { readFully } from '../input/entryStream';
import type { IndexProgress } from '../input/lineIndex';
import { lineDiagnostic, parseJsonLine } from '../input/parseLine';
import { adapterFor } from './convert';
import { scanSamples, type SampleKey, type SampleRanges } from './jsonSampleScan';
import { logHeaderSchema } from './header';
import { InspectLog } from './inspectLog';

/** What closes the header's bytes before the samples array into an object. */
const closing = new TextEncoder().encode(']}');

/**
 * An Inspect `.json` log: one `EvalLog` object with the samples inline. It can be large, so it
 * is never parsed whole: one streaming scan over its bytes finds each element of the top-level
 * `samples` array (byte ranges, as the line index keeps for JSONL), and a sample is parsed when
 * shown. The header is the rest of the object, parsed without the samples.
 */
export class JsonLog extends InspectLog {
  private _starts: number[] = [];
  private _ends: number[] = [];
  private _keys: SampleKey[] = [];
  /** The header before the samples was read: samples found by the scan are readable at once. */
  private _early = false;
  /** A sample was found before the header, or without a peeked key: the rest wait for the scan's end. */
  private _gap = false;
  private _scan: Omit<SampleRanges, 'open' | 'close'> | undefined;

  get count(): number {
    return this._keys.length;
  }

  async build(onProgress?: (p: IndexProgress) => void, signal?: AbortFlag): Promise<void> {
    // Built once: a pairing builds its runs, which may have been built already.
    if (this._done) return;
    // Samples become readable as the scan passes them, once the header before them (Inspect
    // writes `eval` first) names the task and model, and while their keys were peeked.
    let prefix: Promise<void> | undefined;
    const found = await scanSamples(this.source, {
      onProgress,
      signal,
      onOpen: (open) => {
        prefix = this._earlyHeader(open);
      },
      onSample: (_k, ranges) => {
        this._scan = ranges;
        this._catchUp();
      },
    });
    await prefix;
    if (signal?.aborted) return;
    if (!found) {
      // A log without samples (`"samples": null`, or a header-only log) is small: read it whole.
      const whole = this.source.size <= 64 << 20 ? parseJsonLine(await this._bytes(0, this.source.size)) : undefined;
      const h = whole?.ok ? logHeaderSchema.safeParse(whole.value) : undefined;
      if (h?.success) this._header = h.data;
      else this._diagnostics.push({ file: this.file, line: 1, column: 0, severity: 'error', message: 'not an Inspect log: no top-level object with `eval` and a `samples` array' });
      this._done = true;
      return;
    }
    // The header: everything but the samples, with `"samples": []` in their place (closed off, when the file is cut inside them).
    const head = await this._bytes(0, found.open + 1);
    const tail = found.cut ? closing : await this._bytes(found.close, this.source.size);
    const joined = new Uint8Array(head.length + tail.length);
    joined.set(head);
    joined.set(tail, head.length);
    const parsed = parseJsonLine(joined);
    const h = parsed.ok ? logHeaderSchema.safeParse(parsed.value) : undefined;
    if (h?.success) this._header = h.data;
    else this._diagnostics.push({ file: this.file, line: 1, column: 0, severity: 'error', message: parsed.ok ? 'the log has no `eval.task` and `eval.model`' : `the log header is not valid JSON: ${parsed.message}` });
    this._adapter = adapterFor(this._header);
    if (found.cut) {
      const n = found.starts.length;
      const where = found.cut.inSample ? `inside sample ${n + 1}` : `after sample ${n}, inside the samples array`;
      this._diagnostics.push(lineDiagnostic(this.file, found.cut.line, 0, 'error', `the log ends ${where}: the file looks cut off (the ${n} whole sample${n === 1 ? ' before it is' : 's before it are'} shown)`));
    }
    // The samples not taken during the scan; one whose id and epoch do not come first is parsed for them.
    for (let i = this._keys.length; i < found.starts.length; i++) {
      const start = found.starts[i]!;
      const end = found.ends[i]!;
      this._starts.push(start);
      this._ends.push(end);
      this._keys.push(found.keys[i] ?? (await this._keyAt(start, end, i)));
    }
    this._done = true;
  }

  /** Takes the samples the scan found so far, in order, up to the first without a peeked key. */
  private _catchUp(): void {
    const r = this._scan;
    if (!this._early || this._gap || !r) return;
    for (let k = this._keys.length; k < r.starts.length; k++) {
      const key = r.keys[k];
      if (!key) {
        this._gap = true;
        return;
      }
      this._starts.push(r.starts[k]!);
      this._ends.push(r.ends[k]!);
      this._keys.push(key);
    }
  }

  /** The header from the bytes before the samples, closed off; samples are readable once it names task and model. */
  private async _earlyHeader(open: number): Promise<void> {
    const head = await this._bytes(0, open + 1);
    const joined = new Uint8Array(head.length + closing.length);
    joined.set(head);
    joined.set(closing, head.length);
    const parsed = parseJsonLine(joined);
    const h = parsed.ok ? logHeaderSchema.safeParse(parsed.value) : undefined;
    if (!h?.success) return;
    this._header = h.data;
    this._adapter = adapterFor(h.data);
    this._early = true;
    this._catchUp();
  }

  /** The key of a sample whose id and epoch do not come first: the whole sample is parsed. */
  private async _keyAt(start: number, end: number, i: number): Promise<{ id: string; epoch: number }> {
    const parsed = parseJsonLine(await this._bytes(start, end));
    const v = parsed.ok ? (parsed.value as { id?: unknown; epoch?: unknown }) : {};
    return { id: typeof v.id === 'string' || typeof v.id === 'number' ? String(v.id) : `#${i + 1}`, epoch: typeof v.epoch === 'number' ? v.epoch : 1 };
  }

  private async _bytes(from: number, to: number): Promise<Uint8Array> {
    const buf = this.source.alloc(Math.max(0, to - from));
    const n = await readFully(this.source, buf, buf.length, from);
    return buf.subarray(0, n);
  }

  protected _sample(i: number): { id: string; epoch: number } {
    return this._keys[i]!;
  }

  protected _sampleJson(i: number): Promise<Uint8Array | unknown> {
    return this._bytes(this._starts[i]!, this._ends[i]!);
  }
}
