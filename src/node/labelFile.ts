import { constants } from 'node:fs';
import { lstat, mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { serializeEvent } from '../core/labels/labelLog';
import type { LabelEvent } from '../core/labels/labelEvent';
import type { LabelSink, LogStat } from '../core/labels/labelSink';

const chunkBytes = 1 << 20;
/** Never follow a symlink: a log linked to `~/.bashrc` must not be appended to. */
const appendFlags = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW;
const readFlags = constants.O_RDONLY | constants.O_NOFOLLOW;

/**
 * One annotator's append-only log file. Each event is one `write` of one whole line with
 * O_APPEND (a leading newline in the same write when the file does not end with one, so a torn
 * line of a crashed writer stays apart from ours), fsync'd before `append` resolves. Neither the
 * log nor its labels folder may be a symlink.
 */
export class LabelLogFile implements LabelSink {
  constructor(readonly path: string) {}

  async append(event: LabelEvent): Promise<void> {
    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true });
    await refuseSymlink(dir, 'labels folder');
    const handle = await open(this.path, appendFlags, 0o644).catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'ELOOP' ? symlinkError(this.path, 'label log') : err;
    });
    try {
      const size = (await handle.stat()).size;
      const torn = size > 0 && (await lastByte(handle, size)) !== 0x0a;
      const bytes = Buffer.from((torn ? '\n' : '') + serializeEvent(event), 'utf8');
      const { bytesWritten } = await handle.write(bytes, 0, bytes.length);
      if (bytesWritten !== bytes.length) throw new Error(`short write to ${this.path} (${bytesWritten} of ${bytes.length} bytes)`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async *read(offset: number): AsyncIterable<Uint8Array> {
    const handle = await this._openForRead();
    if (!handle) return;
    try {
      const buf = Buffer.allocUnsafe(chunkBytes);
      for (let pos = offset; ; ) {
        const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
        if (bytesRead === 0) return;
        pos += bytesRead;
        yield buf.subarray(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
  }

  async readRange(offset: number, length: number): Promise<Uint8Array> {
    const handle = await this._openForRead();
    if (!handle) return new Uint8Array(0);
    try {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buf, 0, length, offset);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async stat(): Promise<LogStat> {
    try {
      const s = await lstat(this.path);
      return { size: s.size, mtime: s.mtimeMs };
    } catch {
      return { size: 0, mtime: 0 };
    }
  }

  /** The log opened for reading, or undefined when it does not exist (an empty log). */
  private async _openForRead(): Promise<FileHandle | undefined> {
    try {
      await refuseSymlink(dirname(this.path), 'labels folder');
      return await open(this.path, readFlags);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined;
      if (code === 'ELOOP') throw symlinkError(this.path, 'label log');
      throw err;
    }
  }
}

async function refuseSymlink(path: string, what: string): Promise<void> {
  try {
    if ((await lstat(path)).isSymbolicLink()) throw symlinkError(path, what);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function symlinkError(path: string, what: string): Error {
  return new Error(`${path}: the ${what} is a symbolic link; Transcript Review never reads or writes labels through a link (replace it with a real ${what === 'label log' ? 'file' : 'folder'})`);
}

async function lastByte(handle: FileHandle, size: number): Promise<number | undefined> {
  const b = Buffer.alloc(1);
  await handle.read(b, 0, 1, size - 1);
  return b[0];
}
