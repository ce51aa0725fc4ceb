import type { FormatName } from '../adapters/types';
import type { ByteSource } from '../input/byteSource';
import type { ItemSource } from '../input/dataset';

/** A file opened for ranged reads, closed with the input. */
export interface OpenFile extends ByteSource {
  close(): Promise<void>;
}

/** Items with the files they read, to close when the input closes. */
export interface OpenedItems {
  readonly source: ItemSource;
  close(): Promise<void>;
}

/**
 * All the opening plan (`openInput.ts`) asks of a platform: the desktop's over Node's file
 * system (src/node/input.ts), the browser's over `vscode.workspace.fs` (platformWeb.ts). `F` is
 * how the platform holds a file: a path, a URI. A file that cannot be read is an
 * `UnreadableFileError`.
 */
export interface FileAccess<F> {
  stat(file: F): Promise<{ directory: boolean; size: number }>;
  open(file: F): Promise<OpenFile>;
  /** As `open`, for one of many files read a little at a time (a folder of logs): holds no descriptor while idle. Without it, `open`. */
  openPooled?(file: F): Promise<OpenFile>;
  /** A small file's bytes in one call (a session of a folder of thousands): fewer round trips than `open`, a read and `close`. Without it, `open`. */
  readBytes?(file: F): Promise<Uint8Array>;
  /** The files (not folders) of a folder, sorted by name. */
  list(dir: F): Promise<F[]>;
  /** The folders of a folder (not links to one), sorted by name: where trace folders are searched. */
  folders(dir: F): Promise<F[]>;
  readText(file: F): Promise<string>;
  /** The plain bytes of a `.gz` file, opened as `open` opens a file. */
  gunzip(file: F): Promise<OpenFile>;
  /** A `.jsonl.gz` dataset readable while it decompresses (the desktop); without it, `gunzip`'s bytes are read as JSONL. */
  gzipDataset?(file: F, format?: FormatName): OpenedItems;
  readonly names: FileNames<F>;
}

/** How a platform names its files: paths on the desktop, URIs in the browser. */
export interface FileNames<F> {
  /** What a file is called in items, messages and labels folders. */
  name(file: F): string;
  /** Base name and parent folder name, for default side names. */
  parts(file: F): { base: string; parent: string };
  /** `path` (relative to the folder of `file`, or absolute) as a file. */
  resolve(file: F, path: string): F;
  /** The labels folder beside an input: `NAME.labels/`. */
  labelsDir(file: F): string;
  /** What a named file or folder is compared by (its real path on the desktop); default: the name. */
  identity?(name: string): string;
  /** Compare names case-insensitively (Windows, macOS). */
  readonly foldCase?: boolean;
}
