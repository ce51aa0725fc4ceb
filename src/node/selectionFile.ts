import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSelectionFile, selectionFileName, type SelectionFile } from '../core/campaign/selection';

/** A selection file that does not parse; `code` lets the CLI print it as an input error (exit 2). */
export class SelectionFileError extends Error {
  readonly code = 'ESELECTION';
}

/** The labels folder's selection file, or undefined when there is none. A malformed one is an error: a report must not silently drop the design. */
export async function readSelection(labelsDir: string): Promise<SelectionFile | undefined> {
  const path = join(labelsDir, selectionFileName);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return parseSelectionFile(text, path);
  } catch (err) {
    throw new SelectionFileError(err instanceof Error ? err.message : String(err));
  }
}

/** Written whole to a temporary file and renamed, so a reader never sees half a design. */
export async function writeSelection(labelsDir: string, file: SelectionFile): Promise<string> {
  const path = join(labelsDir, selectionFileName);
  await writeFile(`${path}.tmp`, JSON.stringify(file, null, 1) + '\n');
  await rename(`${path}.tmp`, path);
  return path;
}
