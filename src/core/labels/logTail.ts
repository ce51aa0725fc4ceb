import { LogParser } from './labelLog';
import type { LabelEvent } from './labelEvent';
import type { LabelSink, LogStat } from './labelSink';
import type { Diagnostic } from '../diagnostic';

/** Bytes before the read position compared to tell an append from a rewrite. */
const fingerprintBytes = 256;

export type TailResult = 'unchanged' | 'appended' | 'reloaded';

/**
 * Follows one log: the first read streams it whole, later reads only what was appended since
 * (an outside append, our own write). A log that shrank, or whose bytes before the read position
 * changed (a `git checkout`, a rewrite), is read again from the start: `read` then reports
 * `reloaded` and the caller folds from scratch.
 */
export class LogTail {
  private _offset = 0;
  private _line = 1;
  private _fingerprint: Uint8Array = new Uint8Array(0);
  private _stat: LogStat = { size: -1, mtime: -1 };
  private _diagnostics: Diagnostic[] = [];
  private _torn: Diagnostic | undefined;

  constructor(readonly sink: LabelSink) {}

  /** Problems found so far: ignored lines, and a torn last line if there is one now. */
  get diagnostics(): Diagnostic[] {
    return this._torn ? [...this._diagnostics, this._torn] : this._diagnostics;
  }

  /**
   * Reads what is new, giving `onEvent` each event in file order. When the log is read from the
   * start again (the first read, `fromStart`, or a rewrite), `onReset` is called first: fold
   * from scratch.
   */
  async read(onEvent: (e: LabelEvent, line: number) => void, onReset: () => void, fromStart = false): Promise<TailResult> {
    const stat = await this.sink.stat();
    if (!fromStart && stat.size === this._stat.size && stat.mtime === this._stat.mtime) return 'unchanged';
    const reloaded = fromStart || this._stat.size < 0 || stat.size < this._offset || !(await this._sameFingerprint());
    if (reloaded) {
      this._offset = 0;
      this._line = 1;
      this._fingerprint = new Uint8Array(0);
      this._diagnostics = [];
      onReset();
    }
    const parser = new LogParser(this.sink.path, onEvent, this._diagnostics, { offset: this._offset, line: this._line });
    for await (const chunk of this.sink.read(this._offset)) parser.push(chunk);
    parser.end();
    this._torn = parser.torn;
    this._offset = parser.consumed;
    this._line = parser.line;
    this._stat = stat;
    const from = Math.max(0, this._offset - fingerprintBytes);
    this._fingerprint = this._offset > 0 ? await this.sink.readRange(from, this._offset - from) : new Uint8Array(0);
    return reloaded ? 'reloaded' : 'appended';
  }

  private async _sameFingerprint(): Promise<boolean> {
    if (this._fingerprint.length === 0) return true;
    const now = await this.sink.readRange(this._offset - this._fingerprint.length, this._fingerprint.length);
    return now.length === this._fingerprint.length && now.every((b, i) => b === this._fingerprint[i]);
  }
}
