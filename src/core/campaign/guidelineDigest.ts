import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * The guideline version a label is made under: the first 12 hex digits of sha256 over the
 * taxonomy (as JSON) and the guidelines text. Any edit to a trait's definition or the guidelines
 * gives another digest, so labels made before and after can be told apart. Line endings are
 * normalised so a checkout on Windows gives the same digest.
 */
export function guidelineDigest(taxonomy: unknown, guidelines: string | undefined): string {
  const text = JSON.stringify({ taxonomy: taxonomy ?? null, guidelines: guidelines?.replace(/\r\n?/g, '\n') ?? null });
  return bytesToHex(sha256(new TextEncoder().encode(text))).slice(0, 12);
}
