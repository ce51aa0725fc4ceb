import { open, stat, type FileHandle } from 'node:fs/promises';
import type { FileSource } from './fileSource';

/** Files a process keeps open through pooled sources at once, well under the usual `ulimit -n` of 1024. */
export const maxPooledHandles = 64;

/** Pooled sources with an open handle, least recently used first. */
const openNow = new Set<PooledHandle>();

class PooledHandle {
  private _handle: Promise<FileHandle> | undefined;
  private _busy = 0;

  constructor(
    readonly path: string,
    readonly size: number,
  ) {}

  async read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    this._busy++;
    try {
      const handle = await this._acquire();
      return (await handle.read(buffer, offset, length, position)).bytesRead;
    } finally {
      this._busy--;
    }
  }

  private _acquire(): Promise<FileHandle> {
    openNow.delete(this);
    openNow.add(this);
    if (!this._handle) {
      this._handle = open(this.path, 'r').then(async (h) => {
        // Reopened later, the file must still be the one indexed (same size): else its offsets are wrong.
        const { size } = await h.stat();
        if (size !== this.size) {
          await h.close();
          throw Object.assign(new Error(`${this.path} changed size since it was opened (${this.size} → ${size} bytes); open it again`), { code: 'ESTALE' });
        }
        return h;
      });
      this._handle.catch(() => (this._handle = undefined));
      evict();
    }
    return this._handle;
  }

  /** Closes the handle if it is idle; true when closed. */
  async release(force = false): Promise<boolean> {
    if (!this._handle || (this._busy > 0 && !force)) return false;
    const h = this._handle;
    this._handle = undefined;
    openNow.delete(this);
    await h.then((x) => x.close(), () => undefined);
    return true;
  }
}

function evict(): void {
  for (const p of openNow) {
    if (openNow.size <= maxPooledHandles) return;
    void p.release();
  }
}

/**
 * A FileSource over a regular file that holds no descriptor while idle: it is opened on a read
 * and closed again when more than `maxPooledHandles` pooled files are open (least recently used
 * first). A folder of 3,000 Inspect logs held 3,000 descriptors and failed with EMFILE.
 */
export async function pooledFileSource(path: string): Promise<FileSource> {
  const info = await stat(path);
  if (!info.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTSUP' });
  const pooled = new PooledHandle(path, info.size);
  return {
    path,
    size: info.size,
    read: (buffer, offset, length, position) => pooled.read(buffer, offset, length, position),
    alloc: (n) => Buffer.allocUnsafe(n),
    close: async () => void (await pooled.release(true)),
  };
}
