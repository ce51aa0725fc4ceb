import { summaryFields, type ItemSummary } from '../../core/review/itemSummary';

/**
 * Item summaries as one flat buffer: what a scan worker hands the main thread (transferred, not
 * cloned object by object) and what the scan cache keeps (read back in one pass, not a parse
 * of every summary).
 *
 * What repeats is stored once: the strings (a table), and each distinct combination of domain,
 * benchmark, split, preferred side, models, sides and traits (a facet: 8 table references and a
 * run of trait references); an item names its facet. Ids are one run of text after the table's
 * strings (Latin-1 bytes when every unit of the run fits one, else UTF-16), sliced once read.
 * Previews are kept as bytes, each UTF-8, or UTF-16 when it holds a lone surrogate (which UTF-8
 * cannot carry), so any JS string comes back exactly; they are decoded only when asked for: the
 * list shows a page of rows, and 100k preview strings built up front were most of a reopen.
 *
 * Layout (little-endian, every array 4-byte aligned), after a header of eight u32:
 *   count, facetCount, tableCount, traitRefs, textUnits, wide (0: Latin-1, 1: UTF-16), previewBytes, 0
 *   index[count] u32 · facet[count] u32 · idEnds[count] u32 (in text units) · previewEnds[count] u32
 *   (in preview bytes) · facetRefs[facetCount × 8] u32 (domain, benchmark, split, rmPreferred, model a,
 *   model b, side a, side b; `none` when absent) · facetTraitEnds[facetCount] u32 · traitRefs u32 ·
 *   tableEnds[tableCount] u32 · utf16[⌈count / 32⌉] u32 (bit k: preview k is UTF-16) · text · previews
 */
const none = 0xffffffff;
const headerWords = 8;
const refsPerFacet = 8;

export class PackedSummaryError extends Error {}

/** What items share: one frozen object per distinct combination, read through by `PackedSummary`. */
interface Facet {
  readonly domain: string | undefined;
  readonly benchmark: string | undefined;
  readonly split: string | undefined;
  readonly traits: string[];
  readonly models: [string, string];
  readonly sides: [string, string];
  readonly rmPreferred: string | undefined;
}

/** The previews of one packed buffer, decoded one at a time. */
class Previews {
  constructor(
    private readonly _bytes: Buffer,
    private readonly _ends: Uint32Array,
    private readonly _utf16: Uint32Array,
  ) {}

  at(k: number): string {
    const from = k === 0 ? 0 : this._ends[k - 1]!;
    return this._bytes.toString((this._utf16[k >>> 5]! >>> (k & 31)) & 1 ? 'utf16le' : 'utf8', from, this._ends[k]!);
  }
}

/**
 * A summary read from a packed buffer: its index and id as fields, the rest read through its
 * facet (shared), its preview decoded when read. Every field reads exactly as the summary that
 * was packed (`summaryFields` copies them to a plain object; `toJSON` does). Read-only.
 */
class PackedSummary implements ItemSummary {
  readonly #facet: Facet;
  readonly #previews: Previews;
  readonly #k: number;

  constructor(
    readonly index: number,
    readonly id: string,
    facet: Facet,
    previews: Previews,
    k: number,
  ) {
    this.#facet = facet;
    this.#previews = previews;
    this.#k = k;
  }

  get domain(): string | undefined {
    return this.#facet.domain;
  }
  get benchmark(): string | undefined {
    return this.#facet.benchmark;
  }
  get split(): string | undefined {
    return this.#facet.split;
  }
  get traits(): string[] {
    return this.#facet.traits;
  }
  get models(): [string, string] {
    return this.#facet.models;
  }
  get sides(): [string, string] {
    return this.#facet.sides;
  }
  get rmPreferred(): string | undefined {
    return this.#facet.rmPreferred;
  }
  get preview(): string {
    return this.#previews.at(this.#k);
  }

  toJSON(): ItemSummary {
    return summaryFields(this);
  }
}

const wellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

/** The bytes of `summaries` packed. */
export function packSummaries(summaries: readonly ItemSummary[]): Uint8Array {
  const n = summaries.length;
  const table = new Map<string, number>();
  const tableStrings: string[] = [];
  const ref = (s: string | undefined): number => {
    if (s === undefined) return none;
    let r = table.get(s);
    if (r === undefined) {
      r = tableStrings.length;
      table.set(s, r);
      tableStrings.push(s);
    }
    return r;
  };
  const facets = new Map<string, number>();
  const facetRefs: number[] = [];
  const facetTraitEnds: number[] = [];
  const traitRefs: number[] = [];
  const index = new Uint32Array(n);
  const facet = new Uint32Array(n);
  const ids = new Array<string>(n);
  let previews = Buffer.allocUnsafe(n * 128);
  const previewEnds = new Uint32Array(n);
  const utf16 = new Uint32Array((n + 31) >>> 5);
  let previewBytes = 0;
  const refs: number[] = [];
  for (let k = 0; k < n; k++) {
    const s = summaries[k]!;
    index[k] = s.index;
    refs[0] = ref(s.domain);
    refs[1] = ref(s.benchmark);
    refs[2] = ref(s.split);
    refs[3] = ref(s.rmPreferred);
    refs[4] = ref(s.models[0]);
    refs[5] = ref(s.models[1]);
    refs[6] = ref(s.sides[0]);
    refs[7] = ref(s.sides[1]);
    refs.length = refsPerFacet;
    for (const t of s.traits) refs.push(ref(t));
    const key = refs.join(',');
    let f = facets.get(key);
    if (f === undefined) {
      f = facetTraitEnds.length;
      facets.set(key, f);
      for (let r = 0; r < refsPerFacet; r++) facetRefs.push(refs[r]!);
      for (let r = refsPerFacet; r < refs.length; r++) traitRefs.push(refs[r]!);
      facetTraitEnds.push(traitRefs.length);
    }
    facet[k] = f;
    ids[k] = s.id;
    const p = s.preview;
    // Written as it comes (a preview is often a concatenation: one write flattens it once); at most 3 bytes a unit either way.
    if (previewBytes + 3 * p.length > previews.length) {
      const more = Buffer.allocUnsafe(Math.max(2 * previews.length, previewBytes + 3 * p.length));
      previews.copy(more, 0, 0, previewBytes);
      previews = more;
    }
    if (wellFormed(p)) previewBytes += previews.write(p, previewBytes, 'utf8');
    else {
      utf16[k >>> 5] = utf16[k >>> 5]! | (1 << (k & 31));
      previewBytes += previews.write(p, previewBytes, 'utf16le');
    }
    previewEnds[k] = previewBytes;
  }
  const tableEnds = ends(tableStrings, 0);
  const idEnds = ends(ids, tableEnds.length ? tableEnds[tableEnds.length - 1]! : 0);
  const text = tableStrings.join('') + ids.join('');
  // eslint-disable-next-line no-control-regex
  const wide = /[^\u0000-\u00ff]/.test(text);
  const words = headerWords + 4 * n + facetRefs.length + facetTraitEnds.length + traitRefs.length + tableEnds.length + utf16.length;
  const textBytes = wide ? text.length * 2 : text.length;
  const out = Buffer.alloc(words * 4 + textBytes + previewBytes);
  const u32 = new Uint32Array(out.buffer, out.byteOffset, words);
  u32.set([n, facetTraitEnds.length, tableStrings.length, traitRefs.length, text.length, wide ? 1 : 0, previewBytes, 0]);
  let at = headerWords;
  for (const a of [index, facet, idEnds, previewEnds, facetRefs, facetTraitEnds, traitRefs, tableEnds, utf16]) {
    u32.set(a, at);
    at += a.length;
  }
  out.write(text, words * 4, wide ? 'utf16le' : 'latin1');
  previews.copy(out, words * 4 + textBytes, 0, previewBytes);
  return out;
}

function ends(strings: readonly string[], from: number): Uint32Array {
  const out = new Uint32Array(strings.length);
  let at = from;
  for (let k = 0; k < strings.length; k++) out[k] = at += strings[k]!.length;
  return out;
}

/**
 * The summaries of a packed buffer. The buffer is untrusted (a cache file): every count must
 * account for its length exactly, every end and reference must lie in range, and an index at
 * or past `maxIndex` is refused; anything else throws `PackedSummaryError`. All of it is
 * checked here, before a summary is handed out: a preview decoded later reads only bytes
 * checked to be its own. The summaries keep `bytes` (their previews are read from it).
 */
export function unpackSummaries(bytes: Uint8Array, maxIndex: number): ItemSummary[] {
  const fail = (why: string): never => {
    throw new PackedSummaryError(`packed summaries: ${why}`);
  };
  if (bytes.byteLength < headerWords * 4) fail('shorter than its header');
  // Aligned for the views below (a Buffer from a file read may start anywhere in its pool).
  const buf = bytes.byteOffset % 4 === 0 ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.from(bytes);
  const head = new Uint32Array(buf.buffer, buf.byteOffset, headerWords);
  const [n, facetCount, tableCount, traitCount, textUnits, wide, previewBytes] = [head[0]!, head[1]!, head[2]!, head[3]!, head[4]!, head[5]!, head[6]!];
  if (wide > 1 || head[7] !== 0) fail('an unknown text encoding');
  // Each count is checked against the real length before anything is allocated from it.
  const words = headerWords + 4 * n + facetCount * (refsPerFacet + 1) + traitCount + tableCount + Math.ceil(n / 32);
  if (words * 4 + textUnits * (wide ? 2 : 1) + previewBytes !== buf.length) fail(`${buf.length} bytes do not hold the ${n} summaries the header claims`);
  const u32 = new Uint32Array(buf.buffer, buf.byteOffset, words);
  let at = headerWords;
  const take = (len: number) => u32.subarray(at, (at += len));
  const index = take(n);
  const facetOf = take(n);
  const idEnds = take(n);
  const previewEnds = take(n);
  const facetRefs = take(facetCount * refsPerFacet);
  const facetTraitEnds = take(facetCount);
  const traitRefs = take(traitCount);
  const tableEnds = take(tableCount);
  const utf16 = take(Math.ceil(n / 32));
  const textStart = words * 4;
  const previewStart = textStart + textUnits * (wide ? 2 : 1);
  const text = buf.toString(wide ? 'utf16le' : 'latin1', textStart, previewStart);
  if (text.length !== textUnits) fail('its text is cut short');

  const table = new Array<string>(tableCount);
  let from = 0;
  for (let k = 0; k < tableCount; k++) {
    const to = tableEnds[k]!;
    if (to < from || to > textUnits) fail(`string ${k} of its table lies outside the text`);
    table[k] = text.slice(from, to);
    from = to;
  }
  for (let k = 0; k < traitCount; k++) if (traitRefs[k]! >= tableCount) fail(`trait ${k} names no string`);
  for (let k = 0; k < facetCount * refsPerFacet; k++) {
    const r = facetRefs[k]!;
    if (r >= tableCount && (r !== none || k % refsPerFacet >= 4)) fail(`a reference past its table (${r} of ${tableCount})`);
  }
  // Pairs and trait lists repeat across facets: each distinct one is made once and shared (read-only, frozen).
  const shared = new Map<string, readonly string[]>();
  const frozen = (refs: ArrayLike<number>): readonly string[] => {
    const key = Array.prototype.join.call(refs, ',');
    let s = shared.get(key);
    if (s === undefined) shared.set(key, (s = Object.freeze(Array.from(refs, (r) => table[r]!))));
    return s;
  };
  const opt = (r: number): string | undefined => (r === none ? undefined : table[r]);
  const facets = new Array<Facet>(facetCount);
  let traitFrom = 0;
  for (let f = 0; f < facetCount; f++) {
    const traitTo = facetTraitEnds[f]!;
    if (traitTo < traitFrom || traitTo > traitCount) fail(`facet ${f}'s traits lie outside the list`);
    const o = f * refsPerFacet;
    facets[f] = Object.freeze({
      domain: opt(facetRefs[o]!),
      benchmark: opt(facetRefs[o + 1]!),
      split: opt(facetRefs[o + 2]!),
      traits: frozen(traitRefs.subarray(traitFrom, traitTo)) as string[],
      models: frozen(facetRefs.subarray(o + 4, o + 6)) as [string, string],
      sides: frozen(facetRefs.subarray(o + 6, o + 8)) as [string, string],
      rmPreferred: opt(facetRefs[o + 3]!),
    });
    traitFrom = traitTo;
  }
  if (traitFrom !== traitCount) fail('traits left over after the last facet');

  // Every item's numbers checked in one pass first: the loop below then only builds.
  let previewFrom = 0;
  let idFrom = from;
  for (let k = 0; k < n; k++) {
    if (index[k]! >= maxIndex) fail(`summary ${k} is of item ${index[k]}, past the last (${maxIndex - 1})`);
    if (facetOf[k]! >= facetCount) fail(`summary ${k} names no facet`);
    const idEnd = idEnds[k]!;
    if (idEnd < idFrom || idEnd > textUnits) fail(`summary ${k}'s id lies outside the text`);
    idFrom = idEnd;
    const previewEnd = previewEnds[k]!;
    if (previewEnd < previewFrom || previewEnd > previewBytes) fail(`summary ${k}'s preview lies outside the previews`);
    if ((utf16[k >>> 5]! >>> (k & 31)) & 1 && (previewEnd - previewFrom) % 2 !== 0) fail(`summary ${k}'s UTF-16 preview has an odd length`);
    previewFrom = previewEnd;
  }
  if (idFrom !== textUnits || previewFrom !== previewBytes) fail('text or previews left over after the last summary');
  if (n % 32 !== 0 && utf16.length > 0 && utf16[utf16.length - 1]! >>> (n % 32) !== 0) fail('preview flags past the last summary');

  const previews = new Previews(buf.subarray(previewStart), previewEnds, utf16);
  const out = new Array<ItemSummary>(n);
  for (let k = 0; k < n; k++) {
    const idEnd = idEnds[k]!;
    out[k] = new PackedSummary(index[k]!, text.slice(from, idEnd), facets[facetOf[k]!]!, previews, k);
    from = idEnd;
  }
  return out;
}
