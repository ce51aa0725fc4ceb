import * as vscode from 'vscode';
import { lstat, open, realpath, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { scanSummaries } from '../../node/scan/parallelScan';
import { openSource } from '../../node/input';
import { Dataset } from '../../core/input/dataset';
import { ScanCache } from '../../node/scan/scanCache';
import { nodeLabelFolder } from '../../node/labelFolder';
import { useGunzipCacheIn } from '../../node/gunzip';
import type { Platform } from './platform';
import { readSelection } from '../../node/selectionFile';
import { selectionFileName } from '../../core/campaign/selection';
import { pacer } from '../breathe';

/**
 * The desktop: inputs read through file descriptors in pages, labels appended and fsync'd
 * (src/node); item summaries built on worker threads and kept in `storageDir` (the extension's
 * global storage, never beside the data) for the next open of the same unchanged file.
 */
export function createNodePlatform(storageDir: string | undefined): Platform {
  const cache = storageDir === undefined ? undefined : new ScanCache(join(storageDir, 'scan-cache'), { pause: pacer() });
  // Decompressed `.jsonl.gz` copies live in the extension's storage too (else the user cache folder).
  if (storageDir !== undefined) useGunzipCacheIn(join(storageDir, 'gunzip'));
  return {
    ...nodePlatform,
    async open(uri) {
      const opened = await nodePlatform.open(uri);
      if (cache && opened.source instanceof Dataset) await cache.prepare(opened.source);
      return opened;
    },
    summaries: cache ? (source, signal, built) => cache.summaries(source, signal, built) : undefined,
  };
}

/** The desktop without a cache (no storage folder); item summaries still on worker threads. */
export const nodePlatform: Platform = {
  labelPollMs: 500,
  mac: process.platform === 'darwin',
  open: (uri) => openSource(uri.fsPath),
  labelFolder: nodeLabelFolder,
  fileSize: async (file) => (await stat(file)).size,
  fileUri: (file) => vscode.Uri.file(file),
  fileRef: (uri) => uri.fsPath,
  async readHead(uri, maxBytes) {
    const handle = await open(uri.fsPath, 'r');
    try {
      const buf = Buffer.alloc(maxBytes);
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  },
  relativeTo: (manifest, file) => relative(dirname(manifest.fsPath), file.fsPath),
  realPath: realPathOf,
  async readSelection(labelsDir) {
    const path = join(labelsDir, selectionFileName);
    const info = await lstat(path).catch(() => undefined);
    if (info?.isSymbolicLink()) throw new Error(`${path}: is a link; a selection file is read only where it is`);
    return info ? readSelection(labelsDir) : undefined;
  },
  async selectionStamp(labelsDir) {
    const info = await lstat(join(labelsDir, selectionFileName)).catch(() => undefined);
    return info && `${info.size}:${info.mtimeMs}`;
  },
  defaultAnnotator() {
    try {
      return userInfo().username || 'anonymous';
    } catch {
      return process.env.USER ?? process.env.USERNAME ?? 'anonymous';
    }
  },
  summaries: (source, signal, built) => scanSummaries(source, { signal, built, pause: pacer() }),
};

/** The real path of `file`, or of its nearest existing folder joined with the rest: a link anywhere on the way is followed. */
async function realPathOf(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch {
    const parent = dirname(file);
    return parent === file ? file : join(await realPathOf(parent), basename(file));
  }
}
