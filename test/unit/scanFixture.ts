import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixtures } from './helpers';

/**
 * A file with everything a whole-file pass must get right in order: a BOM, CRLF and LF lines,
 * blank lines, malformed JSON, invalid UTF-8, schema failures, duplicate ids (far apart, so on
 * different threads), and a torn last line with no newline. About 900 KB.
 */
export async function hostileFile(dir: string): Promise<string> {
  const parts: Buffer[] = [Buffer.from([0xef, 0xbb, 0xbf])];
  const good = (await readFile(join(fixtures, '..', '..', 'samples', 'trait-rl-sample.jsonl'), 'utf8')).split('\n').filter(Boolean);
  const bad = ['malformed', 'invalid-utf8', 'schema', 'duplicate-ids', 'bom-crlf-blank', 'lone-surrogate', 'proto'];
  const badFiles = await Promise.all(bad.map((f) => readFile(join(fixtures, 'bad', `${f}.jsonl`))));
  for (let round = 0; round < 6; round++) {
    for (const [k, line] of good.entries()) parts.push(Buffer.from(line + (k % 3 === 0 ? '\r\n' : '\n') + (k % 7 === 0 ? '\n  \n' : '')));
    for (const b of badFiles) {
      // A fixture's own BOM would sit mid-file here; keep its lines only.
      const body = b[0] === 0xef ? b.subarray(3) : b;
      parts.push(body, Buffer.from('\n'));
    }
  }
  parts.push(Buffer.from(good[0]!.slice(0, 200)));
  const path = join(dir, 'hostile.jsonl');
  await writeFile(path, Buffer.concat(parts));
  return path;
}
