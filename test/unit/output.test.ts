import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openOutput, type Output } from '../../src/node/output';

/** Writes ~9 MiB of numbered pieces, text and bytes, small and larger than a batch; returns what was written. */
async function writePieces(out: Output): Promise<Buffer> {
  const expected: Buffer[] = [];
  for (let k = 0; k < 3000; k++) {
    const text = `${k}:é🙂|`.repeat(k % 500 === 7 ? 120_000 : 1 + ((k * 7919) % 600));
    const bytes = Buffer.from(text);
    expected.push(Buffer.from(bytes));
    if (k % 2) {
      await out.writeBytes(bytes);
      // The bytes are the caller's again at once: overwritten, as a reader reusing its buffer does.
      bytes.fill(0);
    } else await out.write(text);
  }
  await out.close();
  return Buffer.concat(expected);
}

test('output over many batches, their buffers reused: a file gets every byte in order', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-output-'));
  try {
    const path = join(dir, 'out.bin');
    const expected = await writePieces(await openOutput(path, { files: [] }));
    assert.ok(expected.length > 8 << 20);
    assert.ok((await readFile(path)).equals(expected));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('output over many batches, their buffers reused: a slow pipe gets every byte in order', { skip: process.platform === 'win32' }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tr-output-'));
  try {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const got: Buffer[] = [];
    const reading = (async () => {
      for await (const chunk of createReadStream(fifo, { highWaterMark: 64 << 10 })) {
        got.push(chunk as Buffer);
        // A reader slower than the writer: the writer waits on backpressure with batches in flight.
        if (got.length % 16 === 0) await sleep(1);
      }
    })();
    const expected = await writePieces(await openOutput(fifo, { files: [] }));
    await reading;
    assert.ok(Buffer.concat(got).equals(expected));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
