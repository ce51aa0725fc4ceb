/**
 * Where labels go: `DATASET.labels/ANNOTATOR.jsonl` beside the dataset (for a manifest
 * `NAME.review.json`, `NAME.labels/`). Pure string work so the web build shares it.
 */
export function labelsDirFor(datasetPath: string): string {
  const stem = datasetPath.replace(/\.review\.json$/i, '').replace(/\.jsonl$/i, '');
  return `${stem}.labels`;
}

/** A file name safe on every OS for an annotator name typed by a person. */
export function annotatorFileName(annotator: string): string {
  const safe = annotator.trim().replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
  return `${safe || 'anonymous'}.jsonl`;
}
