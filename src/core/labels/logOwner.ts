import { annotatorFileName, legacyFileName } from './labelPaths';
import type { LabelEvent } from './labelEvent';
import type { Diagnostic } from '../diagnostic';

/** A listed name as the file system may spell it (macOS lists decomposed forms). */
const nfc = (name: string) => name.normalize('NFC');

/** True when `fileName` is the log the exact name `annotator` maps to (case included: `ana` and `Ana` are two people). */
export function isOwnLog(fileName: string, annotator: string): boolean {
  return nfc(fileName) === nfc(annotatorFileName(annotator));
}

/**
 * Decides which events of one log file count. An event counts only in the file its exact
 * annotator name maps to. The one exception is a log named the way older versions named files
 * (`legacyFileName`, lossy: `x y` and `x/y` were both `x_y.jsonl`): it is read for a name with no
 * file of its own, and only while it holds no event of the person whose own file it is (then it
 * is theirs) and only for the first name claiming it. Every other event is a warning and never
 * anyone's label, so a `remove` acts only on labels of the file's owner.
 */
export class LogOwner {
  private _exactSeen = false;
  private _claimant: string | undefined;
  private _held: { event: LabelEvent; line: number }[] = [];
  private readonly _warnings: Diagnostic[] = [];

  constructor(
    readonly fileName: string,
    /** Where the events are, for messages. */
    private readonly _path: string,
    /** Whether the folder holds the own log of `annotator`. */
    private readonly _hasOwnLog: (annotator: string) => boolean,
  ) {}

  /** An event read from the file: 'own' counts now; 'legacy' is held until `settle`; false is a warning. */
  take(e: LabelEvent, line: number): 'own' | 'held' | false {
    if (isOwnLog(this.fileName, e.annotator)) {
      this._exactSeen = true;
      return 'own';
    }
    if (this.fileName === legacyFileName(e.annotator) && !this._hasOwnLog(e.annotator) && (this._claimant ?? e.annotator) === e.annotator) {
      this._claimant = e.annotator;
      this._held.push({ event: e, line });
      return 'held';
    }
    this._warn(e, line);
    return false;
  }

  /** The held events that count (the file turned out to be nobody's own log), or none, each then a warning. */
  settle(): LabelEvent[] {
    if (!this._exactSeen) return this._held.map((h) => h.event);
    for (const h of this._held) this._warn(h.event, h.line);
    this._held = [];
    this._claimant = undefined;
    return [];
  }

  get warnings(): readonly Diagnostic[] {
    return this._warnings;
  }

  private _warn(e: LabelEvent, line: number): void {
    this._warnings.push({ file: this._path, line, column: 0, severity: 'warning', message: `an event signed "${e.annotator}" in ${this.fileName}, which is not their log file (${annotatorFileName(e.annotator)}); ignored, it changes nobody's labels` });
  }
}
