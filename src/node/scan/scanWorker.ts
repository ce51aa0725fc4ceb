import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { adapters } from '../../core/adapters/index';
import type { ScanRecord } from '../../core/review/scanRecord';
import type { ScanBlock, ScanReply, ScanWorkerData } from './scanMessages';
import { packRecords } from './packedRecords';
import { scanEntry } from './scanEntry';

/**
 * One thread of a parallel whole-file pass (see `parallelScan`): reads each block it is sent in
 * one pread, converts its entries with the file's adapter (`scanEntry`), and answers with their records.
 */
const data = workerData as ScanWorkerData;
const adapter = adapters[data.format];
const fd = openSync(data.path, 'r');
let buffer = Buffer.allocUnsafe(4 << 20);
/** The least a merged block's buffer holds, so that it fits the next blocks when it comes back (blocks are about 4 MiB). */
const spareBytes = 4 << 20;

/** Reads into `into` (one not yet used, else this thread's own buffer, grown as needed). */
function readBlock(start: number, length: number, into?: Buffer): Buffer {
  if (!into && buffer.length < length) buffer = Buffer.allocUnsafe(length);
  const target = into ?? buffer;
  let got = 0;
  while (got < length) {
    const n = readSync(fd, target, got, length - got, start + got);
    if (n <= 0) break;
    got += n;
  }
  // A file cut short since it was indexed reads as the bytes it still has, as the single-threaded pass does.
  return target.subarray(0, got);
}

parentPort!.on('message', (block: ScanBlock | 'close') => {
  if (block === 'close') {
    closeSync(fd);
    parentPort!.close();
    return;
  }
  let reply: ScanReply;
  try {
    const n = block.starts.length;
    const base = block.starts[0]!;
    const length = block.ends[n - 1]! - base;
    // The merged export's bytes go back to the main thread: into a buffer of their own, the spare handed back when it fits.
    const own = data.mode === 'merged' ? (block.spare && block.spare.byteLength >= length ? Buffer.from(block.spare) : Buffer.from(new ArrayBuffer(Math.max(length, spareBytes)))) : undefined;
    const bytes = readBlock(base, length, own);
    const records = new Array<ScanRecord>(n);
    for (let k = 0; k < n; k++) {
      const from = Math.min(block.starts[k]! - base, bytes.length);
      const to = Math.min(block.ends[k]! - base, bytes.length);
      records[k] = scanEntry(adapter, data.file, block.first + k, block.lines[k]!, bytes.subarray(from, to), data.mode);
    }
    if (data.mode === 'summaries') {
      const packed = packRecords(records);
      parentPort!.postMessage({ seq: block.seq, packed } satisfies ScanReply, [packed.summaries.buffer as ArrayBuffer, packed.flags.buffer as ArrayBuffer]);
      return;
    }
    if (data.mode === 'merged') {
      parentPort!.postMessage({ seq: block.seq, records, bytes } satisfies ScanReply, [bytes.buffer as ArrayBuffer]);
      return;
    }
    reply = { seq: block.seq, records };
  } catch (err) {
    reply = { seq: block.seq, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
