import type { SpanLabel } from '../src/core/labels/labelEvent';
import type { ViewOptions } from '../src/protocol';

/** What the views can ask for; main.ts implements it. Views never post messages themselves. */
export interface Actions {
  go(delta: number): void;
  goTo(): void;
  nextUnlabeled(): void;
  revealRaw(): void;
  openGuidelines(): void;
  setView(options: Partial<ViewOptions>): void;
  toggleHelp(open?: boolean): void;
  setVerdict(side: string, trait: string, value: 'ok' | 'violation' | 'unsure'): void;
  setPreference(value: string, trait?: string): void;
  toggleFlag(side: string, flag: string): void;
  setRubric(side: string, criterion: string, value: 'met' | 'unmet'): void;
  saveNote(text: string): void;
  removeLabel(id: string): void;
  editSpan(span: SpanLabel): void;
  commitSpanEditor(): void;
  closeSpanEditor(): void;
  setSpanEditor(patch: { severity?: string; note?: string }): void;
}
