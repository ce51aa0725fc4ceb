/**
 * Random-access bytes of one file. Node supplies one over a file descriptor, the web build one
 * over an in-memory buffer; core never touches a file system itself.
 */
export interface ByteSource {
  readonly size: number;
  /** Reads up to `length` bytes at `position` into `buffer` at `offset`; resolves to the count read. */
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  /** A buffer for `read`. Node returns a `Buffer`, whose `indexOf` is a native memchr. */
  alloc(size: number): Uint8Array;
}

/** A ByteSource over bytes already in memory (web build, tests). */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    async read(buffer, offset, length, position) {
      const n = Math.max(0, Math.min(length, bytes.length - position));
      buffer.set(bytes.subarray(position, position + n), offset);
      return n;
    },
    alloc: (size) => new Uint8Array(size),
  };
}
