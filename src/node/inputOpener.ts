import { join } from 'node:path';
import { Dataset } from '../core/input/dataset';
import type { OpenedInput } from '../core/open/openedInput';
import { openInput, type OpenOptions } from './input';
import { withLabels } from './labeledInput';
import { ScanCache } from './scan/scanCache';
import type { Shard } from './shards';

/**
 * Opens inputs for the CLI, through the extension's scan cache when `--cache DIR` is given:
 * `DIR/scan-cache/` is the layout of the extension's global storage, so pointing DIR there
 * shares one cache between the editor and the CLI. Nothing is written anywhere else.
 */
export class InputOpener {
  private readonly _cache: ScanCache | undefined;
  /** Files looked up in the cache, and those whose index it held. */
  readonly cacheUse = { files: 0, reused: 0 };

  /** `inputs`: how many this run opens; the cache keeps at least twice that many entries (a manifest may name two files), else a run over more shards than it holds would evict each shard before its next run. */
  constructor(
    readonly cacheDir?: string,
    inputs = 1,
  ) {
    this._cache = cacheDir === undefined ? undefined : new ScanCache(join(cacheDir, 'scan-cache'), { maxEntries: Math.max(16, 2 * inputs) });
  }

  open(path: string, options: OpenOptions = {}): Promise<OpenedInput> {
    const cache = this._cache;
    if (!cache) return openInput(path, options);
    return openInput(path, options, {
      beforeBuild: async (source) => {
        // A pipe is read from a temporary copy: nothing to find again next time.
        if (!(source instanceof Dataset) || (source.source as { path?: unknown }).path !== source.file) return;
        this.cacheUse.files++;
        if (await cache.prepare(source)) this.cacheUse.reused++;
      },
      afterBuild: (source) => source instanceof Dataset && cache.keep(source),
    });
  }

  async openLabeled(path: string, options: OpenOptions = {}, annotators?: readonly string[]): Promise<Shard> {
    return { path, ...(await withLabels(await this.open(path, options), annotators)) };
  }

  /** Waits for cache entries still being written; the line the CLI prints about the cache, if one is used. */
  async finish(): Promise<string | undefined> {
    if (!this._cache) return undefined;
    await this._cache.settled();
    return `scan cache ${this._cache.dir}: ${this.cacheUse.reused} of ${this.cacheUse.files} file index(es) reused`;
  }
}
