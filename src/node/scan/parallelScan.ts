import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Dataset, type AbortFlag, type ItemSource } from '../../core/input/dataset';
import { ScanMerge, sequentialScan, type ScanMode, type ScanRecord } from '../../core/review/scanRecord';
import type { PackedRecords, ScanBlock, ScanReply, ScanWorkerData } from './scanMessages';
import { packedItem, unpackRecords } from './packedRecords';
import { unpackSummaries } from './packedSummaries';
import type { ItemSummary } from '../../core/review/itemSummary';

export interface ParallelOptions {
  /** Threads to parse on; default: one per core, at most 4. Below 2 the pass runs on this thread. */
  workers?: number;
  /** Bytes of entries per block sent to a worker. */
  blockBytes?: number;
  /** Files smaller than this are read on this thread: starting workers costs more than it saves. */
  minBytes?: number;
  /** The worker's script; default: the bundle beside this one (dist/scanWorker.js), else its source. */
  workerFile?: string;
  /** Stops the pass at the next block (the document was closed): the records so far, then the end. */
  signal?: AbortFlag;
  /**
   * The source's `build` still running: the workers start on the entries indexed so far, so
   * parsing overlaps indexing. Without it the source must be built already.
   */
  built?: Promise<unknown>;
}

/** How long the pass waits for the index to pass more of the file before it looks again. */
const growMs = 4;
const grow = () => new Promise<void>((resolve) => setTimeout(resolve, growMs));

const defaultBlock = 4 << 20;
const defaultMinBytes = 16 << 20;
/** Blocks each worker may have queued or done but not yet consumed: enough that a worker rarely waits, few enough that memory stays flat. */
const aheadPerWorker = 4;

/** The worker's bundle (dist/scanWorker.js beside the extension and CLI bundles), else its source under tsx. */
function workerFile(): string {
  const bundled = join(__dirname, 'scanWorker.js');
  return existsSync(bundled) ? bundled : join(__dirname, 'scanWorker.ts');
}

/** The path a file-backed dataset was opened from (`FileSource.path`), when it can be opened again. */
function reopenablePath(source: ItemSource): string | undefined {
  if (!(source instanceof Dataset)) return undefined;
  const path = (source.source as { path?: unknown }).path;
  return typeof path === 'string' ? path : undefined;
}

/** How many threads a pass over `source` uses (1: this thread alone). */
export function scanThreads(source: ItemSource, options: ParallelOptions = {}): number {
  const path = reopenablePath(source);
  if (path === undefined || !((source as Dataset).done || options.built)) return 1;
  if ((source as Dataset).source.size < (options.minBytes ?? defaultMinBytes)) return 1;
  const n = options.workers ?? Math.min(availableParallelism(), 4);
  return n >= 2 ? n : 1;
}

/**
 * A whole-file pass (item summaries, `validate`) on worker threads: the indexed file is cut at
 * line boundaries into blocks of about 4 MiB, dealt to the workers in turn, parsed there, and
 * the records come back in file order, the same as the single-threaded `sequentialScan` (pairs
 * of files, pipes copied to a temporary file and small files take that path). At most four blocks
 * per worker are ahead of the consumer, so memory stays flat however large the file. With
 * `built`, blocks go out as the index passes them, while it is still being built.
 */
export async function* scanItems(source: ItemSource, mode: ScanMode, options: ParallelOptions = {}): AsyncGenerator<ScanRecord> {
  // Fed in file order: records converted on the workers get their duplicate-id notes here.
  const merge = source instanceof Dataset ? new ScanMerge(source.file) : undefined;
  for await (const b of scanBlocks(source, mode, options)) {
    if ('own' in b) yield* b.own;
    else if ('records' in b) for (const r of b.records) yield merge!.add(r);
    else for (const r of unpackRecords(b.packed, b.block.first, b.block.lines, b.block.first + b.block.lines.length)) yield merge!.add(r);
  }
}

/**
 * Records of the pass as they come: this thread's own (`sequentialScan`, one by one, duplicate
 * notes included), or a worker's block as it sent it: records (with mode `merged`, the block's
 * bytes as the worker read them) or packed summaries.
 */
export type ScanBlockResult = { own: ScanRecord[] } | { records: ScanRecord[]; block: ScanBlock; bytes?: Uint8Array } | { packed: PackedRecords; block: ScanBlock };

/**
 * The pass of `scanItems` a block at a time, with no duplicate-id notes on workers' records (see
 * `ScanMerge`). A block's `bytes` are valid until the next block is asked for: their buffer then
 * goes back to a worker to read another block into.
 */
export async function* scanBlocks(source: ItemSource, mode: ScanMode, options: ParallelOptions): AsyncGenerator<ScanBlockResult> {
  const threads = scanThreads(source, options);
  if (threads < 2) {
    // One pass over every item: the index must be whole first.
    await options.built;
    for await (const r of sequentialScan(source, mode)) {
      if (options.signal?.aborted) return;
      yield { own: [r] };
    }
    return;
  }
  const dataset = source as Dataset;
  // Whether the index has all it will have: built, or its build ended (failed or stopped) short.
  let settled = dataset.done || options.built === undefined;
  options.built?.then(
    () => (settled = true),
    () => (settled = true),
  );
  const final = () => settled || dataset.done;
  // The adapter is detected from the first records: while they are still being indexed a guess may be inconclusive.
  let detection = await dataset.detection();
  while (!detection.recognised && !final() && !options.signal?.aborted) {
    await grow();
    detection = await dataset.detection();
  }
  const data: ScanWorkerData = { path: reopenablePath(dataset)!, file: dataset.file, format: detection.adapter.name, mode };
  const index = dataset.index;
  const blockBytes = options.blockBytes ?? defaultBlock;

  // Blocks are planned as they are sent: [first, last) entries of about `blockBytes`, or `wait`
  // while the index has not yet passed a whole block.
  let nextEntry = 0;
  let nextSeq = 0;
  const planBlock = (): ScanBlock | 'wait' | undefined => {
    const end = final();
    const count = dataset.count;
    if (nextEntry >= count) return end ? undefined : 'wait';
    const first = nextEntry;
    const start = index.range(first).start;
    let last = first + 1;
    while (last < count && index.range(last).end - start <= blockBytes) last++;
    if (last === count && !end) return 'wait';
    nextEntry = last;
    const n = last - first;
    const block: ScanBlock = { seq: nextSeq++, first, starts: new Float64Array(n), ends: new Float64Array(n), lines: new Float64Array(n) };
    for (let k = 0; k < n; k++) {
      const r = index.range(first + k);
      block.starts[k] = r.start;
      block.ends[k] = r.end;
      block.lines[k] = r.line;
    }
    return block;
  };

  const waiting = new Map<number, { resolve: (r: ScanBlockResult) => void; reject: (e: Error) => void }>();
  const done = new Map<number, ScanBlockResult>();
  let failure: Error | undefined;
  const fail = (err: Error) => {
    failure ??= err;
    for (const w of waiting.values()) w.reject(failure);
    waiting.clear();
  };
  const file = options.workerFile ?? workerFile();
  // Run from source (tests, the bench), the worker's TypeScript needs the same loader as this thread.
  const execArgv = file.endsWith('.ts') ? ['--require', 'tsx/cjs'] : [];
  const workers: Worker[] = [];
  try {
    for (let k = 0; k < threads; k++) workers.push(new Worker(file, { workerData: data, execArgv }));
  } catch {
    // No worker threads here (a missing bundle, a host without them): the same pass on this thread.
    for (const w of workers) void w.terminate();
    yield* scanBlocks(source, mode, { ...options, workers: 1 });
    return;
  }
  for (const w of workers) {
    w.on('message', (m: ScanReply) => {
      if ('error' in m) return fail(new Error(`reading ${dataset.file}: ${m.error}`));
      let records: ScanBlockResult;
      if ('packed' in m) {
        const block = sent.get(m.seq);
        sent.delete(m.seq);
        if (!block) return fail(new Error(`a scan worker answered a block never sent (${m.seq})`));
        // Unpacked by the consumer: the item list takes the summaries alone, not a record each.
        records = { packed: m.packed, block };
      } else {
        const block = sent.get(m.seq);
        sent.delete(m.seq);
        if (!block) return fail(new Error(`a scan worker answered a block never sent (${m.seq})`));
        records = m.bytes ? { records: m.records, block, bytes: m.bytes } : { records: m.records, block };
      }
      const wait = waiting.get(m.seq);
      if (wait) {
        waiting.delete(m.seq);
        wait.resolve(records);
      } else done.set(m.seq, records);
    });
    w.on('error', (err) => fail(err));
    w.on('exit', (code) => code !== 0 && fail(new Error(`a scan worker stopped (exit ${code})`)));
  }
  // Blocks out at a worker, by number: a packed answer is put back together with the block's lines.
  const sent = new Map<number, ScanBlock>();
  // Blocks that may go out now: at most `aheadPerWorker` a worker beyond the one being consumed.
  let owed = threads * aheadPerWorker;
  // Buffers of consumed blocks' bytes (mode `merged`), handed back to read new blocks into: fresh ones cost a page fault every 4 KiB.
  const spares: ArrayBuffer[] = [];
  const send = (): 'wait' | 'sent' | undefined => {
    while (owed > 0) {
      const block = planBlock();
      if (block === undefined || block === 'wait') return block;
      owed--;
      sent.set(block.seq, block);
      const spare = spares.pop();
      if (spare) block.spare = spare;
      workers[block.seq % threads]!.postMessage(block, spare ? [spare] : []);
    }
    return 'sent';
  };
  const result = (seq: number): Promise<ScanBlockResult> => {
    if (failure) return Promise.reject(failure);
    const ready = done.get(seq);
    if (ready) {
      done.delete(seq);
      return Promise.resolve(ready);
    }
    return new Promise((resolve, reject) => waiting.set(seq, { resolve, reject }));
  };

  try {
    let seq = 0;
    while (!options.signal?.aborted) {
      if (send() === undefined && seq === nextSeq) break;
      if (seq === nextSeq) {
        // Nothing out: the index has not yet passed the next block.
        if (failure) throw failure;
        await grow();
        continue;
      }
      const records = await result(seq++);
      yield records;
      // This block is consumed: the next one may go out, into its buffer.
      owed++;
      if ('bytes' in records && records.bytes) spares.push(records.bytes.buffer as ArrayBuffer);
    }
    // A build that failed fails the pass, as it did when the pass waited for it.
    if (!options.signal?.aborted) await options.built;
  } finally {
    for (const w of workers) {
      w.removeAllListeners('exit');
      void w.terminate();
    }
  }
}

/**
 * The item list's summaries of `source`, by the pass of `scanItems` (its duplicate-id notes are
 * not the item list's). A worker's block is unpacked into summaries alone, with no record each.
 * `pause` is asked after every record of this thread's pass and every block of a worker's; when
 * it returns a promise the pass waits for it (the extension host breathes by time there).
 */
export async function scanSummaries(source: ItemSource, options: ParallelOptions & { pause?: () => Promise<void> | undefined } = {}): Promise<ItemSummary[]> {
  const out: ItemSummary[] = [];
  for await (const b of scanBlocks(source, 'summaries', options)) {
    if (!('packed' in b)) {
      for (const r of 'own' in b ? b.own : b.records) if (r.summary) out.push(r.summary);
    } else {
      const { packed, block } = b;
      const summaries = unpackSummaries(packed.summaries, block.first + block.lines.length);
      let items = 0;
      for (let k = 0; k < packed.flags.length; k++) if (packed.flags[k]! & packedItem) items++;
      if (items !== summaries.length || packed.flags.length !== block.lines.length) throw new Error(`a scan worker answered block ${block.seq} with ${summaries.length} summaries for ${items} items`);
      for (const summary of summaries) {
        if (summary.index < block.first) throw new Error(`a scan worker answered block ${block.seq} with item ${summary.index}, before it`);
        out.push(summary);
      }
    }
    const breath = options.pause?.();
    if (breath) await breath;
  }
  return out;
}
