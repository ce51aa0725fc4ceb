import type { Diagnostic } from '../diagnostic';
import { lineDiagnostic } from './parseLine';

/** Remembers where each item id was first seen, to warn on repeats; both items stay readable. */
export class DuplicateIds {
  private readonly _first = new Map<string, number>();

  /** A warning when `id` was seen before, else undefined (and `id` is remembered at `line`). */
  check(id: string, file: string, line: number): Diagnostic | undefined {
    const first = this._first.get(id);
    if (first === undefined) {
      this._first.set(id, line);
      return undefined;
    }
    return lineDiagnostic(file, line, 0, 'warning', `duplicate id ${JSON.stringify(id)} (first on line ${first}); both items are kept`);
  }
}
