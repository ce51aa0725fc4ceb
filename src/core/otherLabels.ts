import { LabelState } from './labelLog';
import { annotatorFileName } from './labelPaths';
import type { AddEvent } from './labelEvent';
import type { LabelFolder } from './labelSink';

/** Every other annotator's labels in a labels folder, read-only (hidden in the UI by default). */
export class OtherLabels {
  private _states = new Map<string, LabelState>();

  constructor(
    private readonly _folder: LabelFolder,
    private readonly _me: string,
  ) {}

  async load(): Promise<void> {
    const states = new Map<string, LabelState>();
    const names = (await this._folder.list()).map((e) => e.name).filter((n) => n !== annotatorFileName(this._me));
    for (const name of names) states.set(name.replace(/\.jsonl$/, ''), new LabelState((await this._folder.log(name).read()).events));
    this._states = states;
  }

  forItem(item: string): AddEvent[] {
    return [...this._states.values()].flatMap((s) => s.forItem(item));
  }

  get annotators(): string[] {
    return [...this._states.keys()];
  }
}
