import type { ItemSource } from './dataset';
import type { Diagnostic } from '../diagnostic';

/** An input that could not be opened past its manifest (or, in the browser, is too big to load): its problems and no items. */
export function emptySource(files: string[], diagnostics: Diagnostic[]): ItemSource {
  return {
    files,
    count: 0,
    done: true,
    diagnostics,
    build: async () => undefined,
    item: async (i) => {
      throw new RangeError(`no item ${i} (have 0)`);
    },
    // eslint-disable-next-line require-yield
    items: async function* () {
      return;
    },
  };
}
