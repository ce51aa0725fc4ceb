/** Listeners of one kind of event, for core classes that must not depend on an event library. */
export class Listeners<T> {
  private readonly _set = new Set<(e: T) => void>();

  /** Adds a listener; the returned function removes it. */
  add(listener: (e: T) => void): () => void {
    this._set.add(listener);
    return () => this._set.delete(listener);
  }

  fire(e: T): void {
    for (const l of [...this._set]) l(e);
  }

  clear(): void {
    this._set.clear();
  }
}
