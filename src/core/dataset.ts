import type { ByteSource } from './byteSource';
import { LineIndex, readEntry, type IndexProgress } from './lineIndex';
import { parseJsonLine, lineDiagnostic } from './parseLine';
import { itemSchema, toReviewItem, type ReviewItem } from './schema';
import { describeSchemaError } from './schemaMessage';
import type { Diagnostic } from './diagnostic';

export interface ItemResult {
  index: number;
  line: number;
  item?: ReviewItem;
  diagnostics: Diagnostic[];
}

/**
 * One JSONL file of canonical items, read lazily: the index holds offsets, an item is
 * decoded and validated only when asked for.
 */
export class Dataset {
  readonly index = new LineIndex();

  constructor(
    readonly source: ByteSource,
    readonly file: string,
  ) {}

  /** Scans the file; entries become readable as the scan passes them. */
  build(onProgress?: (p: IndexProgress) => void, signal?: { aborted: boolean }): Promise<void> {
    return this.index.build(this.source, { onProgress, signal });
  }

  get count(): number {
    return this.index.count;
  }

  async item(i: number): Promise<ItemResult> {
    const { line } = this.index.range(i);
    const bytes = await readEntry(this.source, this.index, i);
    const parsed = parseJsonLine(bytes);
    if (!parsed.ok) return { index: i, line, diagnostics: [lineDiagnostic(this.file, line, parsed.column, 'error', parsed.message)] };
    const checked = itemSchema.safeParse(parsed.value);
    if (!checked.success) {
      return { index: i, line, diagnostics: [lineDiagnostic(this.file, line, 0, 'error', describeSchemaError(checked.error, 'item'))] };
    }
    return { index: i, line, item: toReviewItem(checked.data), diagnostics: [] };
  }
}
