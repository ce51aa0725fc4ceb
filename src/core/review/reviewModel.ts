import type { AbortFlag, ItemSource } from '../input/dataset';
import type { Diagnostic } from '../diagnostic';
import type { Manifest } from '../input/manifest';
import type { OpenedInput } from '../open/openedInput';
import type { LabelFolder } from '../labels/labelSink';
import type { SelectionFile } from '../campaign/selection';
import { checkDraft } from '../labels/labelCheck';
import { describeSchemaError } from '../schemaMessage';
import { taxonomySchema, type Taxonomy } from '../taxonomy';
import { ItemIndex, type ItemIndexOptions } from './itemIndex';
import { LabelBook } from './labelBook';
import { ReviewQueue } from './reviewQueue';

/** What the model reads of an opened input (not yet indexed: the model builds it, with progress). */
export type ReviewInput = Pick<OpenedInput, 'source' | 'manifest' | 'diagnostics'>;

export interface ReviewOptions extends ItemIndexOptions {
  annotator: string;
  /** The input's name in messages ("no item … in NAME"). */
  name: string;
  /** The taxonomy when the manifest has none (the setting, or the default). */
  taxonomy: () => Taxonomy;
  /** Why labels cannot be written now (Restricted Mode), or undefined. */
  readOnly?: () => string | undefined;
  /** The guideline version stamped on each new label, from the taxonomy in use (`guidelineDigest`). */
  guidelines?: (taxonomy: Taxonomy) => string | undefined;
  /** The labels folder's active-selection file (`next` writes it), read when a campaign's queue is built. */
  selection?: () => Promise<SelectionFile | undefined>;
}

/**
 * One input under review, with no editor in it: its items (`index`), the labels on them (`book`:
 * my writer and the other annotators' logs) and what the annotator walks (`queue`: campaign,
 * filter, progress, next unlabeled, adjudication). The VS Code document and the tests drive it alike.
 */
export class ReviewModel {
  readonly index: ItemIndex;
  readonly queue: ReviewQueue;
  /** The taxonomy labels are checked against: the manifest's when valid, else the fallback. */
  readonly taxonomy: () => Taxonomy;
  /** Why the manifest's taxonomy was not used (it is invalid), to be reported once. */
  readonly taxonomyProblem: string | undefined;

  private constructor(
    readonly input: ReviewInput,
    readonly book: LabelBook,
    index: ItemIndex,
    taxonomy: { use: () => Taxonomy; problem?: string },
    selection: ReviewOptions['selection'],
  ) {
    this.index = index;
    this.taxonomy = taxonomy.use;
    this.taxonomyProblem = taxonomy.problem;
    this.queue = new ReviewQueue(index, book, input.manifest?.campaign, selection);
  }

  /** Starts indexing `input` and reads the labels in `folder`; every draft is checked against its item before it is written. */
  static async open(input: ReviewInput, folder: LabelFolder, abort: AbortFlag, options: ReviewOptions): Promise<ReviewModel> {
    const taxonomy = manifestTaxonomy(input.manifest, options.taxonomy);
    const index = new ItemIndex(input.source, abort, options);
    const book = await LabelBook.open(folder, options.annotator, {
      check: async (draft) => {
        const found = await index.find(draft.item);
        return found ? checkDraft(draft, found.item, taxonomy.use()) : `no item "${draft.item}" in ${options.name}; the label was not written`;
      },
      readOnly: options.readOnly,
      ...(options.guidelines && { guidelines: () => options.guidelines!(taxonomy.use()) }),
    });
    return new ReviewModel(input, book, index, taxonomy, options.selection);
  }

  /** The manifest's campaign guidelines file, if it has one. */
  get guidelines(): string | undefined {
    return this.input.manifest?.campaign?.guidelines;
  }

  /** Problems of the input as a whole (a bad manifest, unpaired records); per-item ones come with items. */
  get problems(): Diagnostic[] {
    return [...this.input.diagnostics, ...this.index.source.diagnostics];
  }

  /** The input changed on disk: `next` (built) replaces it; labels stay, they are by item id. */
  reload(next: ItemSource): void {
    this.index.swap(next);
    this.queue.reset();
  }

  /** Stops once my queued label changes are on disk; returns how many were still pending. */
  close(): number {
    return this.book.close();
  }
}

/** The manifest's taxonomy when it has a valid one; an invalid one is named in `problem` and the fallback used. */
function manifestTaxonomy(manifest: Manifest | undefined, fallback: () => Taxonomy): { use: () => Taxonomy; problem?: string } {
  const raw = manifest?.taxonomy;
  if (raw === undefined) return { use: fallback };
  const parsed = taxonomySchema.safeParse(raw);
  if (parsed.success) return { use: () => parsed.data };
  return { use: fallback, problem: describeSchemaError(parsed.error, 'taxonomy') };
}
