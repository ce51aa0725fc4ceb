import { cpSync, mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
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

/** Waits until the save indicator says everything is on disk. */
export async function waitSaved(frame: Frame): Promise<void> {
  await frame.waitForSelector('[data-save="saved"]', { timeout: 15_000 });
}

/** Gives the webview keyboard focus without clicking a control. */
export async function focusWebview(frame: Frame): Promise<void> {
  // Not the item heading: it is the prompt's <summary>, and a click would fold the prompt.
  await frame.click('[data-counter]');
}

export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
