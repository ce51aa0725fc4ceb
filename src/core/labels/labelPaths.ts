import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * Where labels go: `DATASET.labels/ANNOTATOR.jsonl` beside the dataset (for a manifest
 * `NAME.review.json`, `NAME.labels/`). Pure string work so the web build shares it.
 */
export function labelsDirFor(datasetPath: string): string {
  // `data.jsonl.gz` and `data.parquet` are the same data as `data.jsonl`: the same labels folder.
  const stem = datasetPath.replace(/\.review\.json$/i, '').replace(/\.(jsonl(\.gz)?|parquet|eval)$/i, '');
  return `${stem}.labels`;
}

/** Kept as they are: letters and digits of any script, combining marks, `_`, `-` and inner dots. */
const kept = /[\p{L}\p{N}\p{M}_-]/u;
/** Names Windows reserves whatever the extension (`con.jsonl` cannot be created there). */
const reserved = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
/** Bytes of an encoded stem before it is shortened: well under the 255 bytes file systems allow. */
const maxStemBytes = 120;
const encoder = new TextEncoder();

function percent(ch: string): string {
  return [...encoder.encode(ch)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/**
 * The log file of an annotator: one file per person, always. The mapping is injective: kept
 * characters stay, every other one (and `%` itself) is percent-encoded as UTF-8, so decoding
 * gives the name back and distinct names give distinct files (`Ana López` → `Ana%20López.jsonl`,
 * `a/b` → `a%2Fb.jsonl`, `用户` → `用户.jsonl`). A leading or trailing dot and Windows' reserved
 * names are encoded too (`con` → `%63on.jsonl`); the empty name is `%.jsonl`, which no other name
 * encodes to. A stem over 120 bytes is cut and ends in `~` and 16 hex digits of the name's
 * SHA-256 (`~` is otherwise always encoded). Names that were already safe (`[A-Za-z0-9._-]`, no
 * leading dot) keep the file name earlier versions gave them.
 */
export function annotatorFileName(annotator: string): string {
  if (annotator === '') return '%.jsonl';
  const chars = [...annotator];
  let stem = chars
    .map((ch, i) => {
      if (ch === '.') return i === 0 || i === chars.length - 1 ? '%2E' : '.';
      return kept.test(ch) ? ch : percent(ch);
    })
    .join('');
  if (reserved.test(annotator)) stem = percent(annotator[0]!) + stem.slice(1);
  if (encoder.encode(stem).length > maxStemBytes) stem = `${cutToBytes(stem, maxStemBytes - 17)}~${bytesToHex(sha256(encoder.encode(annotator))).slice(0, 16)}`;
  return `${stem}.jsonl`;
}

/** The longest prefix of `s` within `max` UTF-8 bytes that cuts no character or `%XX` escape. */
function cutToBytes(s: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const part of s.match(/%[0-9A-F]{2}|[\s\S]/gu) ?? []) {
    const n = encoder.encode(part).length;
    if (bytes + n > max) break;
    out += part;
    bytes += n;
  }
  return out;
}

/**
 * The file name earlier versions gave an annotator (unsafe characters → `_`, lossy): still read,
 * never written, so logs made before the injective names keep their labels.
 */
export function legacyFileName(annotator: string): string {
  const safe = annotator.trim().replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
  return `${safe || 'anonymous'}.jsonl`;
}
