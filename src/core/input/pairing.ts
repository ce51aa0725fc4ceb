import type { IndexProgress } from './lineIndex';
import { readEntry } from './lineIndex';
import { lineDiagnostic, parseJsonLine } from './parseLine';
import type { Diagnostic } from '../diagnostic';
import type { Message, ReviewItem } from '../schema';
import { splitCommonPrefix, type SingleAdapter, type Transcript } from '../adapters/index';
import { lineId } from '../adapters/common';
import { convertParsed, type AbortFlag, type Dataset, type ItemResult, type ItemSource } from './dataset';
import { readEntries, entryRange, type EntryList } from './entryStream';
import { DuplicateIds } from './duplicateIds';
import { exactNumberText, type ExactText } from './exactNumber';

export interface PairOptions {
  /** Top-level field joining the two files (`id`, `prompt`, `instruction`, …), or null to pair by line number. */
  key: string | null;
  /** Side names, baseline first: from the manifest, else the files' base names. */
  names: readonly [string, string];
}

/** Keys longer than this are kept as a hash: a 1 GB file keyed by `prompt` must not hold every prompt. */
const maxKeptKey = 64;

/**
 * Two files of single transcripts (one run each) joined into comparison items: record k of the
 * baseline file and record k of the trained file share a key value (or a line number). Both
 * files are indexed; keyed pairing also parses every record once to read its key, keeping only
 * the key strings and entry numbers. Records without a partner are warnings, not items.
 */
export class PairedDataset implements ItemSource {
  private _diagnostics: Diagnostic[] = [];
  private _a = new Int32Array(0);
  private _b = new Int32Array(0);
  private _done = false;
  private _adapters: [SingleAdapter, SingleAdapter] | undefined;

  constructor(
    readonly baseline: Dataset,
    readonly trained: Dataset,
    readonly options: PairOptions,
  ) {}

  get files(): readonly string[] {
    return [this.baseline.file, this.trained.file];
  }

  get count(): number {
    return this._a.length;
  }

  get done(): boolean {
    return this._done;
  }

  get diagnostics(): readonly Diagnostic[] {
    return this._diagnostics;
  }

  async build(onProgress?: (p: IndexProgress) => void, signal?: AbortFlag): Promise<void> {
    const sides = [this.baseline, this.trained] as const;
    const total = (this.baseline.source.size + this.trained.source.size) * (this.options.key === null ? 1 : 2);
    const scanned = [0, 0];
    const report = (extra = 0) => onProgress?.({ bytesScanned: scanned[0]! + scanned[1]! + extra, totalBytes: total, lines: 0 });
    await Promise.all(sides.map((d, k) => d.build((p) => ((scanned[k] = p.bytesScanned), report()), signal)));
    if (signal?.aborted) return;

    const found = await Promise.all(sides.map((d) => d.detection()));
    const diagnostics: Diagnostic[] = [];
    found.forEach((d, k) => {
      const file = sides[k]!.file;
      if (d.adapter.kind === 'pair') {
        diagnostics.push(lineDiagnostic(file, d.line, 0, 'error', `this file holds ${d.adapter.name} records, which already pair two sides; open it alone instead of as one run of a pair`));
      } else if (!d.recognised && d.sawObject) {
        diagnostics.push(lineDiagnostic(file, d.line, 0, 'error', 'records match no single-transcript shape (chat `messages`, sharegpt `conversations`, or flat `prompt` + `response`)'));
      }
    });
    const [fa, fb] = found;
    if (diagnostics.length || fa!.adapter.kind !== 'single' || fb!.adapter.kind !== 'single') {
      this._diagnostics = diagnostics;
      this._done = true;
      return;
    }
    this._adapters = [fa!.adapter, fb!.adapter];
    if (this.options.key === null) this._pairByLine(diagnostics);
    else await this._pairByKey(this.options.key, diagnostics, (bytes) => report(bytes), signal);
    const order = (d: Diagnostic) => (d.file === this.baseline.file ? 0 : 1);
    this._diagnostics = diagnostics.sort((x, y) => order(x) - order(y) || x.line - y.line);
    this._done = true;
    onProgress?.({ bytesScanned: total, totalBytes: total, lines: this.count });
  }

  /** Merge-joins the two indexes on file line numbers; needs no parsing. */
  private _pairByLine(diagnostics: Diagnostic[]): void {
    const ia = this.baseline.index;
    const ib = this.trained.index;
    const a: number[] = [];
    const b: number[] = [];
    let i = 0;
    let j = 0;
    while (i < ia.count || j < ib.count) {
      const la = i < ia.count ? ia.range(i).line : Infinity;
      const lb = j < ib.count ? ib.range(j).line : Infinity;
      if (la === lb) {
        a.push(i++);
        b.push(j++);
      } else if (la < lb) {
        diagnostics.push(unpaired(this.baseline.file, la, `no record on line ${la} of ${this.trained.file}`));
        i++;
      } else {
        diagnostics.push(unpaired(this.trained.file, lb, `no record on line ${lb} of ${this.baseline.file}`));
        j++;
      }
    }
    this._a = Int32Array.from(a);
    this._b = Int32Array.from(b);
  }

  /**
   * Reads each record's key, then pairs the k-th baseline record of a key with the k-th trained
   * record of it (so duplicated keys still pair in order). Lines that fail to parse are errors
   * here, since they cannot be paired and would otherwise never be reported.
   */
  private async _pairByKey(key: string, diagnostics: Diagnostic[], progress: (bytes: number) => void, signal?: AbortFlag): Promise<void> {
    let done = 0;
    const keysOf = async (d: Dataset): Promise<(string | undefined)[]> => {
      const keys: (string | undefined)[] = new Array(d.count);
      for await (const { entry, bytes } of readEntries(d.source, d.index, entryRange(0, d.count))) {
        if (signal?.aborted) break;
        done += bytes.length;
        if ((entry & 1023) === 0) progress(done);
        const line = d.index.range(entry).line;
        const parsed = parseJsonLine(bytes);
        if (!parsed.ok) {
          diagnostics.push(lineDiagnostic(d.file, line, parsed.column, 'error', parsed.message));
          continue;
        }
        const exact = keyText(parsed.value, key, parsed.text);
        if (exact && !exact.ok) {
          diagnostics.push(lineDiagnostic(d.file, line, exact.column, 'error', exact.message));
          continue;
        }
        const k = keyValue(parsed.value, key, maxKeptKey, parsed.text);
        if (k === undefined) diagnostics.push(unpaired(d.file, line, `no \`${key}\` (a string or number) to pair by`));
        keys[entry] = k;
      }
      return keys;
    };
    const keysA = await keysOf(this.baseline);
    const keysB = await keysOf(this.trained);
    if (signal?.aborted) return;

    // Trained entries by key, in file order; pairing takes them from the front.
    const byKey = new Map<string, number[]>();
    keysB.forEach((k, j) => {
      if (k === undefined) return;
      const list = byKey.get(k);
      if (list) list.push(j);
      else byKey.set(k, [j]);
    });
    const a: number[] = [];
    const b: number[] = [];
    const taken = new Uint8Array(keysB.length);
    const named = (k: string) => (k.length <= maxKeptKey ? `\`${key}\` ${JSON.stringify(k)}` : `this \`${key}\``);
    keysA.forEach((k, i) => {
      if (k === undefined) return;
      const j = byKey.get(k)?.shift();
      if (j === undefined) {
        diagnostics.push(unpaired(this.baseline.file, this.baseline.index.range(i).line, `no record with ${named(k)} in ${this.trained.file}`));
        return;
      }
      a.push(i);
      b.push(j);
      taken[j] = 1;
    });
    keysB.forEach((k, j) => {
      if (k !== undefined && !taken[j]) diagnostics.push(unpaired(this.trained.file, this.trained.index.range(j).line, `no record with ${named(k)} in ${this.baseline.file}`));
    });
    this._a = Int32Array.from(a);
    this._b = Int32Array.from(b);
  }

  async item(i: number): Promise<ItemResult> {
    if (i < 0 || i >= this.count) throw new RangeError(`no item ${i} (have ${this.count})`);
    const [ea, eb] = [this._a[i]!, this._b[i]!];
    const [ba, bb] = await Promise.all([readEntry(this.baseline.source, this.baseline.index, ea), readEntry(this.trained.source, this.trained.index, eb)]);
    return this._combine(i, ba, bb);
  }

  async *items(): AsyncGenerator<ItemResult> {
    const ids = new DuplicateIds();
    const list = (entries: Int32Array): EntryList => ({ length: entries.length, at: (k) => entries[k]! });
    const streamA = readEntries(this.baseline.source, this.baseline.index, list(this._a));
    // Keyed pairs visit the trained file out of order: read its records one by one then.
    const inOrder = this._b.every((v, k) => k === 0 || v > this._b[k - 1]!);
    const streamB = inOrder ? readEntries(this.trained.source, this.trained.index, list(this._b)) : undefined;
    for (let i = 0; i < this.count; i++) {
      const a = await streamA.next();
      if (a.done) return;
      const bytesB = streamB ? (await streamB.next()).value?.bytes : await readEntry(this.trained.source, this.trained.index, this._b[i]!);
      if (!bytesB) return;
      const r = this._combine(i, a.value.bytes, bytesB);
      if (r.item) {
        const dup = ids.check(r.item.id, this.baseline.file, r.line);
        if (dup) r.diagnostics.push(dup);
      }
      yield r;
    }
  }

  private _combine(i: number, bytesA: Uint8Array, bytesB: Uint8Array): ItemResult {
    const [adA, adB] = this._adapters!;
    const lineA = this.baseline.index.range(this._a[i]!).line;
    const lineB = this.trained.index.range(this._b[i]!).line;
    const pa = parseJsonLine(bytesA);
    const pb = parseJsonLine(bytesB);
    const ra = convertParsed(adA, this.baseline.file, i, lineA, pa);
    const rb = convertParsed(adB, this.trained.file, i, lineB, pb);
    const diagnostics = [...ra.diagnostics, ...rb.diagnostics];
    if (!ra.transcript || !rb.transcript) return { index: i, line: lineA, diagnostics };
    const key = this.options.key;
    // Only hashed keys can collide; the full values are compared now that both records are parsed.
    if (key !== null && pa.ok && pb.ok && keyValue(pa.value, key, Infinity, pa.text) !== keyValue(pb.value, key, Infinity, pb.text)) {
      diagnostics.push(lineDiagnostic(this.baseline.file, lineA, 0, 'error', `paired with line ${lineB} of ${this.trained.file} by a key hash, but the \`${this.options.key}\` values differ`));
      return { index: i, line: lineA, diagnostics };
    }
    const [idA, idB] = [ra.transcript.id, rb.transcript.id];
    // Pairing by line trusts the order; records that name different ids say it is wrong.
    if (key === null && idA !== undefined && idB !== undefined && idA !== idB) {
      diagnostics.push(lineDiagnostic(this.baseline.file, lineA, 0, 'warning', `paired by line with ${JSON.stringify(idB)} (line ${lineB} of ${this.trained.file}) but its id is ${JSON.stringify(idA)}: pair by \`id\` instead?`));
    }
    const id = idA ?? idB ?? lineId(lineA);
    return { index: i, line: lineA, item: pairTranscripts(ra.transcript, rb.transcript, this.options.names, id), diagnostics };
  }
}

/** One comparison item from two runs' transcripts of the same prompt: the shared prefix is the prompt. */
export function pairTranscripts(a: Transcript, b: Transcript, names: readonly [string, string], id: string): ReviewItem {
  const split = splitCommonPrefix(a.messages, b.messages);
  const side = (t: Transcript, name: string, messages: Message[]) => ({ name, model: t.model, messages, ...(t.scores ? { scores: t.scores } : {}), ...(t.scoreNotes ? { score_notes: t.scoreNotes } : {}) });
  return {
    id,
    prompt: split.prompt,
    sides: [side(a, names[0], split.a), side(b, names[1], split.b)],
    metadata: { ...b.metadata, ...a.metadata },
  };
}

function unpaired(file: string, line: number, why: string): Diagnostic {
  return lineDiagnostic(file, line, 0, 'warning', `unpaired record: ${why}`);
}

/** The exact text of a numeric join field (see `exactNumberText`); undefined when the field is not a number. */
function keyText(record: unknown, key: string, text: string): ExactText | undefined {
  if (typeof record !== 'object' || record === null || !Object.prototype.hasOwnProperty.call(record, key)) return undefined;
  const v = (record as Record<string, unknown>)[key];
  return typeof v === 'number' ? exactNumberText(v, text, key) : undefined;
}

/** The join value of a record: a string or number field (ids are written both ways, numbers as the source's digits), long values hashed. */
function keyValue(record: unknown, key: string, keep: number, text: string): string | undefined {
  if (typeof record !== 'object' || record === null || !Object.prototype.hasOwnProperty.call(record, key)) return undefined;
  const v = (record as Record<string, unknown>)[key];
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const exact = typeof v === 'number' ? exactNumberText(v, text, key) : undefined;
  const s = typeof v === 'string' ? v : exact?.ok ? exact.value : String(v);
  return s.length <= keep ? s : `${s.length}:${hash(s, 0x9e3779b1)}:${hash(s, 0x85ebca77)}`;
}

/** 32-bit FNV-1a variant with a seed; two seeds make an accidental match of long keys negligible. */
function hash(s: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
