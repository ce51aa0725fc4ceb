import type { FileMetaData } from 'hyparquet';
import type { Diagnostic } from '../diagnostic';

/** Rows one Parquet file may hold: past it, the rest of the file is an error (split the file). */
export const maxParquetRows = 10_000_000;
/** Rows decoded in one call, and the decoded bytes (as the footer estimates them) aimed at: big row groups are read in slices. */
export const maxSliceRows = 10_000;
export const maxSliceBytes = 32 << 20;

/** A row group the footer describes and its claims survived the checks: where its rows start among the items, and how it is sliced. */
export interface RowGroupPlan {
  /** Index among the file's row groups (the footer's order). */
  index: number;
  /** Item index of its first row. */
  start: number;
  rows: number;
  /** Rows per decoding call. */
  slice: number;
}

const n = (x: number | bigint): string => x.toLocaleString('en-US');

/**
 * The row groups of a footer, each count checked before anything is decoded: a group's
 * `num_rows` must be a count (not negative) and at most the values each of its columns holds
 * (every row has at least one value, null or not, in every column), and the file at most
 * `maxParquetRows`. A group that fails is an error located at the row it would start at, and
 * skipped; the other groups load. The rows the data really holds are checked when decoded.
 */
export function planRowGroups(metadata: FileMetaData, file: string): { groups: RowGroupPlan[]; rows: number; diagnostics: Diagnostic[] } {
  const groups: RowGroupPlan[] = [];
  const diagnostics: Diagnostic[] = [];
  const error = (at: number, message: string) => diagnostics.push({ file, line: at + 1, column: 0, severity: 'error', message });
  let start = 0;
  let claimed = 0n;
  for (const [index, g] of metadata.row_groups.entries()) {
    const claim = BigInt(g.num_rows);
    claimed += claim;
    const where = `row group ${index + 1} of ${metadata.row_groups.length}`;
    if (claim < 0n) {
      error(start, `${where} claims ${n(claim)} rows; a damaged footer: the group is skipped`);
      continue;
    }
    const held = g.columns.reduce<{ name: string; values: bigint } | undefined>((least, c) => {
      const values = c.meta_data ? BigInt(c.meta_data.num_values) : undefined;
      return values !== undefined && (!least || values < least.values) ? { name: c.meta_data!.path_in_schema.join('.'), values } : least;
    }, undefined);
    if (held && claim > held.values) {
      error(start, `${where} claims ${n(claim)} rows, but its column \`${held.name}\` holds ${n(held.values)} value${held.values === 1n ? '' : 's'}; a damaged or forged footer: the group is skipped`);
      continue;
    }
    if (BigInt(start) + claim > BigInt(maxParquetRows)) {
      error(start, `${where} would take the file past ${n(maxParquetRows)} rows, the most one Parquet file is read with; this group and the rest are skipped — split the file`);
      break;
    }
    const rows = Number(claim);
    if (rows === 0) continue;
    const bytesPerRow = Number(g.total_byte_size) / rows;
    const slice = Math.max(1, Math.min(rows, maxSliceRows, Number.isFinite(bytesPerRow) && bytesPerRow > 0 ? Math.floor(maxSliceBytes / bytesPerRow) : maxSliceRows));
    groups.push({ index, start, rows, slice });
    start += rows;
  }
  if (diagnostics.length === 0 && claimed !== BigInt(metadata.num_rows)) {
    diagnostics.push({ file, line: 1, column: 0, severity: 'warning', message: `the footer says ${n(metadata.num_rows)} rows, its row groups hold ${n(claimed)}; the row groups are read` });
  }
  return { groups, rows: start, diagnostics };
}

/** The group holding item `i` (binary search over `groups`, sorted by start), or undefined. */
export function groupOf(groups: readonly RowGroupPlan[], i: number): RowGroupPlan | undefined {
  let lo = 0;
  let hi = groups.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const g = groups[mid]!;
    if (i < g.start) hi = mid - 1;
    else if (i >= g.start + g.rows) lo = mid + 1;
    else return g;
  }
  return undefined;
}
