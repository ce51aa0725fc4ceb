import { mkdir, open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { serializeEvent, parseLog, type ParsedLog } from '../core/labelLog';
import type { LabelEvent } from '../core/labelEvent';
import type { LabelSink } from '../core/labelSink';

/**
 * One annotator's append-only log file. Appends are serialised (one at a time) and each is a
 * single write of one whole line with O_APPEND, fsync'd before the promise resolves: when it
 * resolves, the label is on disk. Other processes appending the same way interleave whole lines.
 */
export class LabelLogFile implements LabelSink {
  private _queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  /** Appends one event; resolves to the file's size after the write, once it is fsync'd. */
  append(event: LabelEvent): Promise<number> {
    const run = this._queue.then(() => this._append(event));
    this._queue = run.catch(() => undefined);
    return run;
  }

  private async _append(event: LabelEvent): Promise<number> {
    await mkdir(dirname(this.path), { recursive: true });
    const handle = await open(this.path, 'a+');
    try {
      let line = serializeEvent(event);
      // A crash mid-write leaves a torn last line; start ours on a fresh line so it stays whole.
      // Another process's append in flight looks torn for a moment (its size grows page by page),
      // so a missing newline is only believed once it stays missing.
      let size = 0;
      for (let attempt = 0; attempt < 4; attempt++) {
        size = (await handle.stat()).size;
        if (size === 0 || (await lastByte(handle, size)) === 0x0a) break;
        if (attempt === 3) line = '\n' + line;
        else await new Promise((r) => setTimeout(r, 25));
      }
      const bytes = Buffer.from(line, 'utf8');
      const { bytesWritten } = await handle.write(bytes, 0, bytes.length);
      if (bytesWritten !== bytes.length) throw new Error(`short write to ${this.path} (${bytesWritten} of ${bytes.length} bytes)`);
      await handle.sync();
      return size + bytes.length;
    } finally {
      await handle.close();
    }
  }

  /** Reads and parses the whole log; a missing file is an empty log. */
  async read(): Promise<ParsedLog> {
    let text = '';
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return parseLog(text, this.path);
  }

  /** The file's size; 0 when it is missing or cannot be read (the next poll looks again). */
  async size(): Promise<number> {
    try {
      return (await stat(this.path)).size;
    } catch {
      return 0;
    }
  }
}

async function lastByte(handle: FileHandle, size: number): Promise<number | undefined> {
  const b = Buffer.alloc(1);
  await handle.read(b, 0, 1, size - 1);
  return b[0];
}
