import type { ItemSummary } from '../../core/review/itemSummary';

/**
 * Item summaries as one flat buffer: what a scan worker hands the main thread (transferred, not
 * cloned object by object) and what the scan cache keeps (read back in one pass, not a parse
 * of every summary). The fields that repeat (domain, benchmark, split, traits, models, sides,
 * the preferred side) are references into a table of distinct strings; ids and previews are
 * runs of one text. Strings are stored as UTF-16 code units (Latin-1 bytes when every unit fits
 * one), so any JS string, lone surrogates included, comes back exactly.
 *
 * Layout (little-endian, every array 4-byte aligned), after a header of six u32:
 *   count, tableCount, traitRefs, textUnits, wide (0: Latin-1, 1: UTF-16), 0
 *   index[count] u32 · refs[count × 8] u32 (domain, benchmark, split, rmPreferred, model a,
 *   model b, side a, side b; `none` when absent) · cut[count] u32 (1: the preview ends in an
 *   ellipsis, kept apart so that ASCII text stays one byte a unit) · traitEnds[count] u32 · traitRefs u32 ·
 *   tableEnds[tableCount] u32 · ownEnds[count × 2] u32 (id, preview) · text
 */
const none = 0xffffffff;
const headerWords = 6;
const refsPerItem = 8;
const ellipsis = '…';

export class PackedSummaryError extends Error {}

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
  const index = new Uint32Array(n);
  const refs = new Uint32Array(n * refsPerItem);
  const cut = new Uint32Array(n);
  const traitEnds = new Uint32Array(n);
  const traitRefs: number[] = [];
  const own: string[] = new Array<string>(n * 2);
  for (let k = 0; k < n; k++) {
    const s = summaries[k]!;
    index[k] = s.index;
    const o = k * refsPerItem;
    refs[o] = ref(s.domain);
    refs[o + 1] = ref(s.benchmark);
    refs[o + 2] = ref(s.split);
    refs[o + 3] = ref(s.rmPreferred);
    refs[o + 4] = ref(s.models[0]);
    refs[o + 5] = ref(s.models[1]);
    refs[o + 6] = ref(s.sides[0]);
    refs[o + 7] = ref(s.sides[1]);
    for (const t of s.traits) traitRefs.push(ref(t));
    traitEnds[k] = traitRefs.length;
    own[2 * k] = s.id;
    cut[k] = s.preview.endsWith(ellipsis) ? 1 : 0;
    own[2 * k + 1] = cut[k] ? s.preview.slice(0, -1) : s.preview;
  }
  const tableEnds = ends(tableStrings, 0);
  const ownEnds = ends(own, tableEnds.length ? tableEnds[tableEnds.length - 1]! : 0);
  const text = tableStrings.join('') + own.join('');
  // eslint-disable-next-line no-control-regex
  const wide = /[^\u0000-\u00ff]/.test(text);
  const words = headerWords + n + n * refsPerItem + n + n + traitRefs.length + tableEnds.length + ownEnds.length;
  const textBytes = wide ? text.length * 2 : text.length;
  const out = Buffer.alloc(words * 4 + textBytes);
  const u32 = new Uint32Array(out.buffer, out.byteOffset, words);
  u32.set([n, tableStrings.length, traitRefs.length, text.length, wide ? 1 : 0, 0]);
  let at = headerWords;
  for (const a of [index, refs, cut, traitEnds, Uint32Array.from(traitRefs), tableEnds, ownEnds]) {
    u32.set(a, at);
    at += a.length;
  }
  out.write(text, words * 4, wide ? 'utf16le' : 'latin1');
  return out;
}

function traitKey(refs: Uint32Array, from: number, to: number): number | string {
  if (to === from) return 0;
  if (to === from + 1) return refs[from]! + 1;
  let key = '';
  for (let t = from; t < to; t++) key += `${refs[t]!},`;
  return key;
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
 * or past `maxIndex` is refused; anything else throws `PackedSummaryError`.
 */
export function unpackSummaries(bytes: Uint8Array, maxIndex: number): ItemSummary[] {
  const fail = (why: string): never => {
    throw new PackedSummaryError(`packed summaries: ${why}`);
  };
  if (bytes.byteLength < headerWords * 4) fail('shorter than its header');
  // Aligned for the views below (a Buffer from a file read may start anywhere in its pool).
  const buf = bytes.byteOffset % 4 === 0 ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.from(bytes);
  const head = new Uint32Array(buf.buffer, buf.byteOffset, headerWords);
  const [n, tableCount, traitCount, textUnits, wide] = [head[0]!, head[1]!, head[2]!, head[3]!, head[4]!];
  if (wide > 1 || head[5] !== 0) fail('an unknown text encoding');
  // Each count is checked against the real length before anything is allocated from it.
  const words = headerWords + n * (1 + refsPerItem + 1 + 1 + 2) + traitCount + tableCount;
  if (words * 4 + textUnits * (wide ? 2 : 1) !== buf.length) fail(`${buf.length} bytes do not hold the ${n} summaries the header claims`);
  const u32 = new Uint32Array(buf.buffer, buf.byteOffset, words);
  let at = headerWords;
  const take = (len: number) => u32.subarray(at, (at += len));
  const index = take(n);
  const refs = take(n * refsPerItem);
  const cut = take(n);
  const traitEnds = take(n);
  const traitRefs = take(traitCount);
  const tableEnds = take(tableCount);
  const ownEnds = take(n * 2);
  const text = buf.toString(wide ? 'utf16le' : 'latin1', words * 4);
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
  // Every reference checked in one pass first: the loop below then reads the table directly.
  for (let k = 0; k < n * refsPerItem; k++) {
    const r = refs[k]!;
    if (r >= tableCount && (r !== none || k % refsPerItem >= 4)) fail(`a reference past its table (${r} of ${tableCount})`);
  }
  const opt = (r: number): string | undefined => (r === none ? undefined : table[r]);
  // Pairs and trait lists repeat across items: each distinct one is made once and shared
  // (read-only, frozen), which spares the collector hundreds of thousands of arrays. Keys are
  // small integers while the table is small (the usual few distinct strings), strings past that.
  const small = tableCount < 30000;
  const pairs = new Map<number | string, [string, string]>();
  const pair = (tag: number, a: number, b: number): [string, string] => {
    const key = small ? (tag * tableCount + a) * tableCount + b : `${tag}:${a},${b}`;
    let p = pairs.get(key);
    if (p === undefined) pairs.set(key, (p = Object.freeze([table[a]!, table[b]!]) as [string, string]));
    return p;
  };
  const lists = new Map<number | string, string[]>();
  const out = new Array<ItemSummary>(n);
  let traitFrom = 0;
  for (let k = 0; k < n; k++) {
    const i = index[k]!;
    if (i >= maxIndex) fail(`summary ${k} is of item ${i}, past the last (${maxIndex - 1})`);
    const idEnd = ownEnds[2 * k]!;
    const previewEnd = ownEnds[2 * k + 1]!;
    if (idEnd < from || previewEnd < idEnd || previewEnd > textUnits) fail(`summary ${k}'s text lies outside the text`);
    const traitTo = traitEnds[k]!;
    if (traitTo < traitFrom || traitTo > traitCount) fail(`summary ${k}'s traits lie outside the list`);
    const key = traitKey(traitRefs, traitFrom, traitTo);
    let traits = lists.get(key);
    if (traits === undefined) lists.set(key, (traits = Object.freeze(Array.from(traitRefs.subarray(traitFrom, traitTo), (r) => table[r]!)) as string[]));
    const c = cut[k]!;
    if (c > 1) fail(`summary ${k}: an unknown preview flag`);
    const o = k * refsPerItem;
    // The same fields, in the same order, as `summarizeItem` makes: a packed summary equals a fresh one.
    out[k] = {
      index: i,
      id: text.slice(from, idEnd),
      domain: opt(refs[o]!),
      benchmark: opt(refs[o + 1]!),
      split: opt(refs[o + 2]!),
      traits,
      models: pair(0, refs[o + 4]!, refs[o + 5]!),
      sides: pair(1, refs[o + 6]!, refs[o + 7]!),
      rmPreferred: opt(refs[o + 3]!),
      preview: c ? text.slice(idEnd, previewEnd) + ellipsis : text.slice(idEnd, previewEnd),
    };
    from = previewEnd;
    traitFrom = traitTo;
  }
  if (from !== textUnits || traitFrom !== traitCount) fail('text or traits left over after the last summary');
  return out;
}
