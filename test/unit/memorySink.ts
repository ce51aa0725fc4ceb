import { serializeEvent, parseLog } from '../../src/core/labels/labelLog';
import type { LabelEvent } from '../../src/core/labels/labelEvent';
import type { LabelSink, LogStat } from '../../src/core/labels/labelSink';

/** What the next append does: land, fail before writing, land and then throw (its fsync failed), or land slowly. */
export type Fault = 'ok' | 'reject' | 'throwAfter' | 'slow';

/**
 * A label log in memory with injected write faults, framed exactly as the file sink frames it
 * (a leading newline when the log does not end with one).
 */
export class MemorySink implements LabelSink {
  bytes = new Uint8Array(0);
  private _mtime = 0;
  faults: Fault[] = [];
  appends = 0;
  /** What each later `sync` does: true fails it (EIO), as an fsync can. */
  syncFaults: boolean[] = [];
  syncs = 0;

  constructor(readonly path = 'memory.jsonl') {}

  async append(event: LabelEvent): Promise<void> {
    this.appends++;
    const fault = this.faults.shift() ?? 'ok';
    if (fault === 'reject') throw new Error('EIO: injected write failure');
    if (fault === 'slow') await new Promise((r) => setTimeout(r, 2));
    const torn = this.bytes.length > 0 && this.bytes[this.bytes.length - 1] !== 0x0a;
    this.write((torn ? '\n' : '') + serializeEvent(event));
    if (fault === 'throwAfter') throw new Error('EIO: injected failure after the bytes landed');
  }

  async sync(): Promise<void> {
    this.syncs++;
    if (this.syncFaults.shift()) throw new Error('EIO: injected fsync failure');
  }

  /** Raw bytes from another writer (a torn fragment, someone else's line). */
  write(text: string): void {
    const add = new TextEncoder().encode(text);
    const next = new Uint8Array(this.bytes.length + add.length);
    next.set(this.bytes);
    next.set(add, this.bytes.length);
    this.bytes = next;
    this._mtime++;
  }

  async *read(offset: number): AsyncIterable<Uint8Array> {
    // Small chunks, so lines straddle chunk boundaries.
    for (let at = offset; at < this.bytes.length; at += 7) yield this.bytes.slice(at, Math.min(at + 7, this.bytes.length));
  }

  async readRange(offset: number, length: number): Promise<Uint8Array> {
    return this.bytes.slice(offset, offset + length);
  }

  async stat(): Promise<LogStat> {
    return { size: this.bytes.length, mtime: this._mtime };
  }

  events(): LabelEvent[] {
    return parseLog(new TextDecoder().decode(this.bytes), this.path).events;
  }
}
