import { Dataset, type ItemResult } from '../core/dataset';
import type { Diagnostic } from '../core/diagnostic';
import { openFileSource, type FileSource } from './fileSource';

/**
 * An input the CLI and exports read: a dataset `.jsonl` (later also a `.review.json` manifest
 * or two run files). Items are read lazily, one at a time, in file order.
 */
export interface Input {
  /** Path used for labels (`labelsDirFor(labelsPath)`) and in messages. */
  readonly labelsPath: string;
  /** Problems found while opening (e.g. unpaired records); per-item problems come with each item. */
  readonly diagnostics: Diagnostic[];
  count(): number;
  items(): AsyncIterable<ItemResult>;
  close(): Promise<void>;
}

export async function openInput(path: string): Promise<Input> {
  const source: FileSource = await openFileSource(path);
  const dataset = new Dataset(source, path);
  await dataset.build();
  return {
    labelsPath: path,
    diagnostics: [],
    count: () => dataset.count,
    async *items() {
      for (let i = 0; i < dataset.count; i++) yield await dataset.item(i);
    },
    close: () => source.close(),
  };
}
