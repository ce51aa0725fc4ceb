import type { Diagnostic } from '../diagnostic';
import type { ItemSource } from '../input/dataset';
import type { Manifest } from '../input/manifest';

/** An input opened by the plan, for the editor, the CLI and exports alike. */
export interface OpenedInput {
  /** Built by whoever opened it (`source.build()`): the editor with progress, the CLI at once. */
  readonly source: ItemSource;
  /** The input as named in messages and labels: the dataset, the manifest, or the pair's `A-vs-B.review.json`. */
  readonly labelsPath: string;
  /** Where labels go: `NAME.labels/`, or the manifest's `labels` folder. */
  readonly labelsDir: string;
  /** The manifest, when the input is one (its `taxonomy` is for the taxonomy module to validate). */
  readonly manifest?: Manifest;
  /** Problems of the input as a whole (a bad manifest, unpaired records once built); per-item problems come with each item. */
  readonly diagnostics: Diagnostic[];
  close(): Promise<void>;
}
