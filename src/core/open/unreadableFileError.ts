/** A file that cannot be opened: the CLI prints the message and exits 2; the browser shows it as a problem. */
export class UnreadableFileError extends Error {
  constructor(
    readonly path: string,
    /** An errno-style code, e.g. ENOENT. */
    readonly code: string,
    readonly reason: string,
  ) {
    super(`cannot read ${path}: ${reason}`);
  }
}
