import { forEachTopLevelKey } from './locatePath';

/**
 * JSON numbers are read as doubles, which hold integers exactly only up to 2^53: the ids
 * 9007199254740993 and 9007199254740992 parse to the same number, so two records would share an
 * id and two runs join wrongly. Ids and join keys are therefore taken from the digits the source
 * wrote. Only numbers that are not safe integers are looked up, so ordinary ids cost nothing.
 */

export type ExactText = { ok: true; value: string } | { ok: false; column: number; message: string };

const numberToken = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The source text of the number at top-level key `key` of a JSON object text, and its offset
 * (the last occurrence, as `JSON.parse` keeps the last). One pass over the text, skipping strings.
 */
export function topLevelNumberText(text: string, key: string): { token: string; offset: number } | undefined {
  let found: { token: string; offset: number } | undefined;
  forEachTopLevelKey(text, (name, _open, close) => {
    if (name !== key) return;
    let k = close + 1;
    while (k < text.length && /[\s:]/.test(text[k]!)) k++;
    numberToken.lastIndex = k;
    const m = numberToken.exec(text);
    if (m) found = { token: m[0], offset: k };
  });
  return found;
}

/**
 * The decimal text of number `v`, read at top-level `key` of `text`: an integer as the source
 * spelled it (exact however long), any other number only when its shortest decimal form is the
 * source's; else an error saying to write it as a string.
 */
export function exactNumberText(v: number, text: string, key: string): ExactText {
  if (Number.isSafeInteger(v)) return { ok: true, value: String(v) };
  const found = topLevelNumberText(text, key);
  if (!found) return { ok: true, value: String(v) };
  if (/^-?\d+$/.test(found.token)) return { ok: true, value: found.token };
  if (String(v) === found.token) return { ok: true, value: found.token };
  const column = found.offset + 1;
  return { ok: false, column, message: `\`${key}\` ${found.token.length > 40 ? `${found.token.slice(0, 40)}…` : found.token} at column ${column} cannot be kept exactly as a number (two different values would read the same); write it as a string, "${found.token.length > 40 ? '…' : found.token}"` };
}
