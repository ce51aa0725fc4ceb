import type { Diagnostic } from '../diagnostic';
import { lineDiagnostic } from './parseLine';
import type { ItemResult } from './dataset';

/**
 * Item ids across the shards of one run: labels are found per shard, so an id in two shards
 * would be two items under one name (double-counted in a report, two rows in an export). The
 * repeat is an error naming both places; repeats inside one file stay `DuplicateIds`' warning.
 */
export class ShardIds {
  private readonly _files: string[] = [];
  /** id → shard index × 2³² + line: one number per item (no array each), the file names kept once. */
  private readonly _first = new Map<string, number>();

  /** The shard whose items come next. */
  startShard(file: string): void {
    this._files.push(file);
  }

  /** An error when `id` was first seen in an earlier shard, else undefined (and `id` is remembered at `line`). */
  check(id: string, line: number): Diagnostic | undefined {
    const shard = this._files.length - 1;
    const file = this._files[shard]!;
    const first = this._first.get(id);
    if (first === undefined) {
      this._first.set(id, shard * 2 ** 32 + line);
      return undefined;
    }
    const firstShard = Math.floor(first / 2 ** 32);
    if (firstShard === shard) return undefined;
    return lineDiagnostic(file, line, 0, 'error', `item id ${JSON.stringify(id)} is also in ${this._files[firstShard]}:${first % 2 ** 32}; ids must be unique across shards (this one is skipped)`);
  }

  /** The result as read; or, for an id an earlier shard has, the result without its item and with the error. */
  take(result: ItemResult): ItemResult {
    const id = result.item?.id;
    const dup = id === undefined ? undefined : this.check(id, result.line);
    if (!dup) return result;
    return { index: result.index, line: result.line, diagnostics: [...result.diagnostics, dup] };
  }
}
