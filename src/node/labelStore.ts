import { join } from 'node:path';
import { LabelState } from '../core/labelLog';
import { newEventId } from '../core/ids';
import { annotatorFileName, labelsDirFor } from '../core/labelPaths';
import type { AddDraft, AddEvent, LabelEvent, RemoveEvent } from '../core/labelEvent';
import type { Diagnostic } from '../core/diagnostic';
import { LabelLogFile } from './labelFile';

/**
 * My labels on one dataset: the folded state of my log, and the only way to change it.
 * `add` / `remove` resolve once the event is fsync'd; callers show "saved" only then.
 */
export class LabelStore {
  readonly file: LabelLogFile;
  private _state = new LabelState();
  diagnostics: Diagnostic[] = [];

  constructor(
    datasetPath: string,
    readonly annotator: string,
  ) {
    this.file = new LabelLogFile(join(labelsDirFor(datasetPath), annotatorFileName(annotator)));
  }

  /** Re-reads the log from disk (at open, and when it changes underneath). */
  async load(): Promise<void> {
    const parsed = await this.file.read();
    this._state = new LabelState(parsed.events);
    this.diagnostics = parsed.diagnostics;
  }

  get state(): LabelState {
    return this._state;
  }

  async add(draft: AddDraft): Promise<AddEvent> {
    const event = { ...draft, v: 1, op: 'add', id: newEventId(), at: new Date().toISOString(), annotator: this.annotator } as AddEvent;
    await this._commit(event);
    return event;
  }

  async remove(target: string): Promise<RemoveEvent> {
    const event: RemoveEvent = { v: 1, op: 'remove', id: newEventId(), at: new Date().toISOString(), annotator: this.annotator, target };
    await this._commit(event);
    return event;
  }

  private async _commit(event: LabelEvent): Promise<void> {
    await this.file.append(event);
    this._state.apply(event);
  }
}
