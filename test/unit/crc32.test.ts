import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { crc32 } from '../../src/core/input/crc32';

/** zlib's CRC-32 of `b`, from the trailer of its gzip: an implementation independent of ours. */
const zlibCrc = (b: Uint8Array) => {
  const g = gzipSync(b);
  return new DataView(g.buffer, g.byteOffset + g.length - 8, 4).getUint32(0, true);
};

test('CRC-32 eight bytes a step equals zlib’s, at every length and alignment around a step', () => {
  const bytes = new Uint8Array(1 << 16);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
  for (let length = 0; length < 40; length++) for (let offset = 0; offset < 9; offset++) assert.equal(crc32(bytes.subarray(offset, offset + length)), zlibCrc(bytes.subarray(offset, offset + length)), `${length} bytes at ${offset}`);
  assert.equal(crc32(bytes.subarray(3)), zlibCrc(bytes.subarray(3)));
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926, 'the check value of CRC-32/ISO-HDLC');
});
