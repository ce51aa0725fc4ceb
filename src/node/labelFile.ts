import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { serializeEvent } from '../core/labels/labelLog';
import type { LabelEvent } from '../core/labels/labelEvent';
import type { LabelSink, LogStat } from '../core/labels/labelSink';

const chunkBytes = 1 << 20;
/**
 * Never follow a symlink (a log linked to `~/.bashrc` must not be appended to); never block in
 * `open` (a FIFO planted as a log would hang the writer: it is refused once open instead).
 * Windows has neither flag.
 */
const safeFlags = (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
const appendFlags = constants.O_RDWR | constants.O_APPEND | safeFlags;
const readFlags = constants.O_RDONLY | safeFlags;

/**
 * One annotator's append-only log file. Each event is one `write` of one whole line with
 * O_APPEND (a leading newline in the same write when the file does not end with one, so a torn
 * line of a crashed writer stays apart from ours), fsync'd before `append` resolves; a log this
 * call created also has its folder fsync'd, so the new name survives a crash. Neither the log
 * nor its labels folder may be a symlink; the log must be a regular file with one link (a FIFO,
 * device or hard link to another file is refused with a message).
 */
export class LabelLogFile implements LabelSink {
  constructor(readonly path: string) {}

  async append(event: LabelEvent): Promise<void> {
    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true });
    await refuseSymlink(dir, 'labels folder');
    const { handle, created } = await this._openForAppend();
    try {
      await refuseIrregular(this.path, await handle.stat(), true);
      const size = (await handle.stat()).size;
      const torn = size > 0 && (await lastByte(handle, size)) !== 0x0a;
      const bytes = Buffer.from((torn ? '\n' : '') + serializeEvent(event), 'utf8');
      const { bytesWritten } = await handle.write(bytes, 0, bytes.length);
      if (bytesWritten !== bytes.length) throw new Error(`short write to ${this.path} (${bytesWritten} of ${bytes.length} bytes)`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (created) await syncFolder(dir);
  }

  /** fsyncs the log and its folder: what a retry does when the line of a failed attempt is already there. */
  async sync(): Promise<void> {
    const handle = await open(this.path, appendFlags).catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'ELOOP' ? symlinkError(this.path, 'label log') : err;
    });
    try {
      await refuseIrregular(this.path, await handle.stat(), true);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await syncFolder(dirname(this.path));
  }

  /** Opens the log, creating it exclusively when missing: `created` tells whether the folder needs a sync. */
  private async _openForAppend(): Promise<{ handle: FileHandle; created: boolean }> {
    const opening = async (flags: number) =>
      open(this.path, flags, 0o644).catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'ELOOP' ? symlinkError(this.path, 'label log') : err;
      });
    try {
      return { handle: await opening(appendFlags | constants.O_CREAT | constants.O_EXCL), created: true };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      return { handle: await opening(appendFlags), created: false };
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
      const handle = await open(this.path, readFlags);
      try {
        await refuseIrregular(this.path, await handle.stat(), false);
      } catch (err) {
        await handle.close();
        throw err;
      }
      return handle;
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

/** A log must be a plain file; one that is written must also have no other name (a hard link would write into the other file). */
async function refuseIrregular(path: string, s: Stats, writing: boolean): Promise<void> {
  if (!s.isFile()) throw new Error(`${path}: the label log is not a regular file (${s.isFIFO() ? 'a named pipe' : s.isDirectory() ? 'a folder' : 'a device or socket'}); Transcript Review reads and writes labels only in plain files (remove it, or move it away)`);
  if (writing && s.nlink > 1) throw new Error(`${path}: the label log has ${s.nlink} names (hard links); Transcript Review does not append to a file that is also elsewhere (copy it to a file of its own)`);
}

/** Makes a new name in `dir` durable. Windows cannot open a folder for fsync; NTFS journals names itself. */
async function syncFolder(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
  try {
    await handle.sync();
  } finally {
    await handle.close();
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
