import { cpSync, mkdtempSync, mkdirSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { repoRoot } from './workbench';

/** A throw-away copy of the samples: tests write label files beside the data. */
export function sampleWorkspace(): { dir: string; file: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'transcript-review-e2e-'));
  cpSync(join(repoRoot, 'samples'), dir, { recursive: true });
  return { dir, file: join(dir, 'trait-rl-sample.jsonl'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface LoggedEvent {
  v: number;
  op: string;
  id: string;
  kind?: string;
  item?: string;
  side?: string;
  trait?: string;
  value?: string;
  start?: number;
  end?: number;
  quote?: string;
  message?: number;
  field?: string;
  target?: string;
}

/** The events in my label log for a dataset. */
export function loggedEvents(dataset: string, annotator = userInfo().username): LoggedEvent[] {
  const file = join(dataset.replace(/\.jsonl$/, '.labels'), `${annotator}.jsonl`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LoggedEvent);
}

/**
 * Every event in the log is one the test asked for: a key that leaked into a label fails the test
 * on its first run, instead of passing on a retry.
 */
export function assertOnlyAskedFor(events: readonly LoggedEvent[], asked: (e: LoggedEvent) => boolean): void {
  const leaked = events.filter((e) => !asked(e));
  if (leaked.length) throw new Error(`label events nobody asked for: ${JSON.stringify(leaked)}`);
}

/** Waits until the save indicator says everything is on disk. */
export async function waitSaved(frame: Frame): Promise<void> {
  await frame.waitForSelector('[data-save="saved"]', { timeout: 15_000 });
}

/** Gives the webview keyboard focus without clicking a control. */
export async function focusWebview(frame: Frame): Promise<void> {
  // Not the item heading: it is the prompt's <summary>, and a click would fold the prompt.
  await frame.click('[data-counter]');
}

export { waitFor } from '../waitFor';

/**
 * Two annotators' logs for the samples, written as the editor would: seeded, mostly agreeing,
 * preferring the side with the higher reward-model score most of the time.
 */
export function writeTwoAnnotatorLogs(dataset: string): void {
  const dir = dataset.replace(/\.jsonl$/, '.labels');
  mkdirSync(dir, { recursive: true });
  const items = readFileSync(dataset, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as SampleItem);
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (const annotator of ['ana', 'ben']) {
    const lines: string[] = [];
    let n = 0;
    const event = (body: Record<string, unknown>) =>
      lines.push(JSON.stringify({ v: 1, op: 'add', id: `${annotator}-${++n}`, at: '2026-11-23T08:00:00.000Z', annotator, ...body }));
    for (const it of items) {
      const better = (it.trained.scores?.overall ?? 0) >= (it.baseline.scores?.overall ?? 0) ? 'trained' : 'baseline';
      const worse = better === 'trained' ? 'baseline' : 'trained';
      const r = rand();
      event({ item: it.id, kind: 'preference', value: r < 0.75 ? better : r < 0.85 ? worse : r < 0.93 ? 'tie' : 'both_bad' });
      for (const trait of it.metadata?.traits ?? []) {
        event({ item: it.id, kind: 'verdict', side: worse, trait, value: rand() < 0.8 ? 'violation' : 'ok' });
        event({ item: it.id, kind: 'verdict', side: better, trait, value: rand() < 0.85 ? 'ok' : 'violation' });
      }
    }
    writeFileSync(join(dir, `${annotator}.jsonl`), lines.join('\n') + '\n');
  }
}

interface SampleItem {
  id: string;
  baseline: { scores?: Record<string, number> };
  trained: { scores?: Record<string, number> };
  metadata?: { traits?: string[] };
}
