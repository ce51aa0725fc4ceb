const quote = 0x22;
const backslash = 0x5c;

/**
 * Where a JSON string whose bytes resume at `from` ends: the offset of its closing quote in
 * `bytes`, or -1 when it does not close in them. `from` is just past the opening quote or past an
 * escaped byte, so no backslash before it can escape anything after it.
 *
 * Strings are most of the bytes of a JSON log: they are skipped by the engine's byte search for
 * the quote (memchr on a Node Buffer), and a quote is told escaped by the run of backslashes
 * before it, so the bytes between quotes are never looked at one by one.
 */
export function stringEnd(bytes: Uint8Array, from: number): number {
  let q = bytes.indexOf(quote, from);
  while (q >= 0) {
    if (q === from || bytes[q - 1] !== backslash) return q;
    let b = q - 1;
    while (b > from && bytes[b - 1] === backslash) b--;
    if ((q - b) % 2 === 0) return q;
    q = bytes.indexOf(quote, q + 1);
  }
  return -1;
}

/**
 * Whether `bytes` (the part of a string from `from`, not closed in them) end with an odd run of
 * backslashes: then the first byte that follows them is escaped.
 */
export function endsEscaping(bytes: Uint8Array, from: number): boolean {
  let b = bytes.length;
  while (b > from && bytes[b - 1] === backslash) b--;
  return (bytes.length - b) % 2 === 1;
}
