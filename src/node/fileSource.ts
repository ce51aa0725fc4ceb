import { open, type FileHandle } from 'node:fs/promises';
import type { ByteSource } from '../core/byteSource';

/** A ByteSource over an open file. Call `close()` when the document goes away. */
export interface FileSource extends ByteSource {
  close(): Promise<void>;
}

export async function openFileSource(path: string): Promise<FileSource> {
  const handle: FileHandle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    async read(buffer, offset, length, position) {
      const { bytesRead } = await handle.read(buffer, offset, length, position);
      return bytesRead;
    },
    alloc: (n) => Buffer.allocUnsafe(n),
    close: () => handle.close(),
  };
}
