import { mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes a label log of at least `bytes` (past V8's ~512 MB string limit for 600 MB): notes of
 * 4,000 characters added and retracted, then `last` as the current labels. Streamed to disk.
 */
export function writeBigLog(path: string, annotator: string, bytes: number, last: object[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  const at = '2026-11-23T08:00:00.000Z';
  const text = 'lorem ipsum '.repeat(333);
  let written = 0;
  try {
    for (let i = 0; written < bytes; ) {
      let chunk = '';
      for (let k = 0; k < 500; k++, i++) {
        chunk += JSON.stringify({ v: 1, op: 'add', id: `n${i}`, at, annotator, item: 'health-0001', kind: 'note', text }) + '\n';
        chunk += JSON.stringify({ v: 1, op: 'remove', id: `r${i}`, at, annotator, target: `n${i}` }) + '\n';
      }
      written += writeSync(fd, chunk);
    }
    writeSync(fd, last.map((e) => JSON.stringify({ v: 1, op: 'add', at, annotator, ...e }) + '\n').join(''));
  } finally {
    closeSync(fd);
  }
}
