import * as vscode from 'vscode';
import { open, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, relative } from 'node:path';
import { openSource } from '../node/input';
import { nodeLabelFolder } from '../node/labelFolder';
import type { Platform } from './platform';

/** The desktop: inputs read through file descriptors in pages, labels appended and fsync'd (src/node). */
export const nodePlatform: Platform = {
  labelPollMs: 500,
  async open(uri) {
    const opened = await openSource(uri.fsPath);
    return { source: opened.source, labelsDir: opened.labelsDir, manifest: opened.manifest, diagnostics: opened.diagnostics, close: () => opened.close() };
  },
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
  defaultAnnotator() {
    try {
      return userInfo().username || 'anonymous';
    } catch {
      return process.env.USER ?? process.env.USERNAME ?? 'anonymous';
    }
  },
};
