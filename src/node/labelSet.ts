import { readLabelSet as readFolder, type LabelSet } from '../core/labels/labelSet';
import { nodeLabelFolder } from './labelFolder';

export type { AnnotatorLog, LabelSet } from '../core/labels/labelSet';

/** Every selected annotator's folded log in the labels folder `dir` on disk (see core's `readLabelSet`). */
export function readLabelSet(dir: string, annotators?: readonly string[], adjudicators?: ReadonlySet<string>): Promise<LabelSet> {
  return readFolder(nodeLabelFolder(dir), dir, annotators, adjudicators);
}
