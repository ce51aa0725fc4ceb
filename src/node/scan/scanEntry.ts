import { isAscii, isUtf8 } from 'node:buffer';
import type { Adapter } from '../../core/adapters/types';
import { isCanonicalItem } from '../../core/adapters/canonical';
import { convertEntry, type ItemResult } from '../../core/input/dataset';
import { maxLineChars, parseJsonText, type LineResult } from '../../core/input/parseLine';
import { sanitize } from '../../core/input/sanitize';
import { passThroughEnd } from '../../core/exports/exportMerged';
import { scanRecord, type ScanMode, type ScanRecord } from '../../core/review/scanRecord';
import type { Item, NamedSide, ReviewItem, Side } from '../../core/schema';

/**
 * One entry of a scan thread's pass: what `scanRecord(convertEntry(…))` gives (with the `merged`
 * export's pass-through end), without the UTF-8 decode where skipping it changes nothing. The
 * decode was a third of a scan thread's time: V8 decodes non-ASCII UTF-8 a byte at a time into a
 * two-byte string, which `JSON.parse` then reads slower than a one-byte one.
 *
 * - An ASCII line is the same text read as Latin-1: the plain path runs on that text.
 * - A canonical line of valid UTF-8 with no `\u` escape is parsed read as Latin-1, one character
 *   a byte: its structure, numbers and ASCII strings are those of the UTF-8 parse, and each other
 *   string is its own UTF-8 bytes, so the few strings a record keeps (the id, a summary's fields)
 *   are decoded from those alone. A `\u` escape could make a character no byte stands for, so
 *   such a line takes the plain path, as does one that is not a canonical item parsed with no
 *   warning: its diagnostics are the plain path's own.
 */
export function scanEntry(adapter: Adapter, file: string, index: number, line: number, bytes: Uint8Array, mode: ScanMode): ScanRecord {
  if (bytes.length <= maxLineChars) {
    const buf = asBuffer(bytes);
    if (isAscii(buf)) return plainEntry(adapter, file, index, line, bytes, mode, parseJsonText(buf.toString('latin1')));
    if (adapter.name === 'canonical') {
      const quick = latin1Canonical(index, line, buf, mode);
      if (quick) return quick;
    }
  }
  return plainEntry(adapter, file, index, line, bytes, mode);
}

/** The plain path: decoded (unless `parsed` is given), parsed, converted, then the part a pass keeps. */
function plainEntry(adapter: Adapter, file: string, index: number, line: number, bytes: Uint8Array, mode: ScanMode, parsed?: LineResult): ScanRecord {
  const result = convertEntry(adapter, file, index, line, bytes, parsed);
  const record = scanRecord(result, mode);
  // How much of these bytes the merged export may write as they are (the worker sends the bytes back with the record).
  if (mode === 'merged') record.passEnd = passThroughEnd(result);
  return record;
}

const backslashU = Buffer.from('\\u', 'latin1');

/** A canonical entry's record by the Latin-1 parse, or undefined when the plain path must decide (see `scanEntry`). */
export function latin1Canonical(index: number, line: number, bytes: Buffer, mode: ScanMode): ScanRecord | undefined {
  // Also refuses a leading BOM: the UTF-8 decode drops it, so only the plain path parses such a line.
  if (bytes.indexOf(backslashU) >= 0 || !isUtf8(bytes)) return undefined;
  const text = bytes.toString('latin1');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const safe = sanitize(value, text);
  if (!safe.ok || safe.warnings.length > 0 || !isCanonicalItem(value)) return undefined;
  const id = utf8(value.id);
  // Only what the record reads is made, and only its strings decoded: the rest of this item is never read.
  const item = mode === 'summaries' ? summaryItem(value, id) : keptItem(value, id);
  const result: ItemResult = { index, line, item, diagnostics: [] };
  const record = scanRecord(result, mode);
  if (mode === 'merged') record.passEnd = passThroughEnd({ ...result, record: { bytes, value, clean: true, adapter: 'canonical' } });
  return record;
}

/**
 * The item as `toReviewItem` makes it, with what `scanRecord` and `passThroughEnd` read: its id (decoded), and
 * its prompt and metadata as parsed (the export checks that they are the parsed objects themselves). Its sides
 * are never read here: copying them, as `toReviewItem` does, was a quarter of this path's CPU in the item list's pass.
 */
function keptItem(v: Item, id: string): ReviewItem {
  return { id, prompt: v.prompt, sides: [unreadSide('baseline'), unreadSide('trained')], metadata: v.metadata ?? {} };
}

function unreadSide(name: string): NamedSide {
  return { name, model: '', messages: [] };
}

/**
 * The item as `toReviewItem` makes it, with the parts that `summarizeItem` reads decoded: the id,
 * the message its preview is cut from, the sides' names, models and scores (numbers; `overall`
 * is an ASCII key) and the metadata's domain, benchmark, split and traits.
 */
function summaryItem(v: Item, id: string): ReviewItem {
  const shown = v.prompt.find((m) => m.role === 'user') ?? v.prompt[v.prompt.length - 1];
  const m = v.metadata;
  return {
    id,
    prompt: shown ? [decoded(shown)] : [],
    sides: [summarySide(v.baseline, 'baseline'), summarySide(v.trained, 'trained')],
    metadata: m ? { domain: optUtf8(m.domain), benchmark: optUtf8(m.benchmark), split: optUtf8(m.split), traits: m.traits?.map(utf8) } : {},
  };
}

function summarySide(side: Side, name: string): NamedSide {
  return { name, model: utf8(side.model), messages: [], scores: side.scores };
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// eslint-disable-next-line no-control-regex
const nonAscii = /[^\u0000-\u007f]/;

/** A string of the Latin-1 parse as the UTF-8 parse has it: its characters are its UTF-8 bytes. */
function utf8(s: string): string {
  return nonAscii.test(s) ? Buffer.from(s, 'latin1').toString('utf8') : s;
}

function optUtf8(s: string | undefined): string | undefined {
  return s === undefined ? undefined : utf8(s);
}

/** A copy of a Latin-1-parsed value with every string and key decoded (no `__proto__` key: the line had no parse warning). */
function decoded<T>(v: T): T {
  if (typeof v === 'string') return utf8(v) as T;
  if (Array.isArray(v)) return v.map(decoded) as T;
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, c] of Object.entries(v)) out[utf8(k)] = decoded(c);
  return out as T;
}
