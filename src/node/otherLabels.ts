import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LabelState } from '../core/labelLog';
import { annotatorFileName } from '../core/labelPaths';
import type { AddEvent } from '../core/labelEvent';
import { LabelLogFile } from './labelFile';

/** Every other annotator's labels in a labels folder, read-only (hidden in the UI by default). */
export class OtherLabels {
  private _states = new Map<string, LabelState>();

  constructor(
    readonly dir: string,
    private readonly _me: string,
  ) {}

  async load(): Promise<void> {
    const states = new Map<string, LabelState>();
    let names: string[] = [];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.jsonl') && n !== annotatorFileName(this._me));
    } catch {
      // no labels folder yet
    }
    for (const name of names) states.set(name.replace(/\.jsonl$/, ''), new LabelState((await new LabelLogFile(join(this.dir, name)).read()).events));
    this._states = states;
  }

  forItem(item: string): AddEvent[] {
    return [...this._states.values()].flatMap((s) => s.forItem(item));
  }

  get annotators(): string[] {
    return [...this._states.keys()];
  }
}
