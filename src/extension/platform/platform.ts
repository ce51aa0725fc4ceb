import type * as vscode from 'vscode';
import type { AbortFlag, ItemSource } from '../../core/input/dataset';
import type { OpenedInput } from '../../core/open/openedInput';
import type { LabelFolder } from '../../core/labels/labelSink';
import type { ItemSummary } from '../../core/review/itemSummary';
import type { SelectionFile } from '../../core/campaign/selection';

/**
 * A file as the platform names it in `ItemSource.files`, `Diagnostic.file` and labels folders:
 * a file-system path on the desktop (what the CLI and exports print), a URI string in the browser.
 */
export type FileRef = string;

// The one opened-input type of core's opening plan, named here too for the editor's modules.
export type { OpenedInput };

/**
 * What differs between the desktop extension host (Node: file descriptors, O_APPEND + fsync)
 * and the browser's (a web worker: `vscode.workspace.fs` only). The review editor, its commands
 * and the status bar are written once against this; `platformNode.ts` and `platformWeb.ts`
 * implement it, and each entry point (`extension.ts`, `extensionWeb.ts`) passes its own.
 */
export interface Platform {
  /** How often an open dataset's labels folder is checked for changes made elsewhere. */
  readonly labelPollMs: number;
  /** The keyboard is a Mac's: keys are shown with their macOS bindings (cmd+z, not ctrl+z). */
  readonly mac: boolean;
  /** Opens a dataset `.jsonl` or a `.review.json` manifest. */
  open(uri: vscode.Uri): Promise<OpenedInput>;
  labelFolder(dir: FileRef): LabelFolder;
  /** Size in bytes of an input file. */
  fileSize(file: FileRef): Promise<number>;
  /** The URI of an input file, for the Problems panel and Reveal Raw Line. */
  fileUri(file: FileRef): vscode.Uri;
  /** The name of a URI's file as `open` names files (the inverse of `fileUri`). */
  fileRef(uri: vscode.Uri): FileRef;
  /** Up to the first `maxBytes` of a file: Compare Two Runs offers join keys from its first records. */
  readHead(uri: vscode.Uri, maxBytes: number): Promise<Uint8Array>;
  /** `file` relative to the folder of `manifest`, as a manifest names its runs. */
  relativeTo(manifest: vscode.Uri, file: vscode.Uri): string;
  /**
   * The item list's summaries of a source by a faster path than one sequential pass on the
   * extension host's thread (the desktop: worker threads and a cache of files seen before), or
   * undefined where there is none (the browser), and the document reads them itself. `built` is
   * the source's build, maybe still running (the pass may overlap it). Stops early once `signal`
   * is set (the document was closed).
   */
  summaries?(source: ItemSource, signal: AbortFlag, built: Promise<void>): Promise<ItemSummary[]>;
  /**
   * Where a file really is: links resolved (in every folder on the way), for a file not made yet
   * its nearest existing folder's real path and the rest. Absent where links cannot be seen (the
   * browser): paths are then taken as written.
   */
  realPath?(file: FileRef): Promise<FileRef>;
  /**
   * The labels folder's active-selection file (`next` writes it), or undefined when there is none;
   * one that does not parse, or is a link, is an error naming it.
   */
  readSelection(labelsDir: FileRef): Promise<SelectionFile | undefined>;
  /** Size and mtime of that file, to notice a new draw; undefined when there is none. */
  selectionStamp(labelsDir: FileRef): Promise<string | undefined>;
  /** The annotator when the setting `transcriptReview.annotator` is empty. */
  defaultAnnotator(): string;
}
