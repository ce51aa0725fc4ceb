import type { ItemResult } from '../core/input/dataset';
import type { Message, Metadata, ReviewItem } from '../core/schema';
import type { Transcript } from '../core/adapters/types';
import { terminalLine } from '../core/terminalText';
import { manyInputUsage } from './inputArgs';
import { openInputRun } from './inputRun';

export const usage = `transcript-review stats    [--json] ${manyInputUsage}`;

/** Count, mean and maximum of a per-item quantity. */
interface Spread {
  total: number;
  mean: number;
  max: number;
}

interface SideStats {
  name: string;
  models: Record<string, number>;
  messages: Spread;
  /** Assistant messages: the model's turns (an agent's steps). */
  turns: Spread;
  /** Tool calls the model made (an agent's actions). */
  toolCalls: Spread;
  /** Items whose side has reward-model or grader scores. */
  scored: number;
  scoreKeys: Record<string, number>;
}

export interface Stats {
  items: number;
  errors: number;
  warnings: number;
  /** Valid single-transcript records read alone (they are not comparisons). */
  transcripts: number;
  prompt: { messages: Spread; userTurns: Spread };
  sides: SideStats[];
  domains: Record<string, number>;
  benchmarks: Record<string, number>;
  traits: Record<string, number>;
  splits: Record<string, number>;
  withPersona: number;
  withRubric: number;
}

class SpreadCounter {
  private _total = 0;
  private _max = 0;
  private _n = 0;
  add(v: number): void {
    this._total += v;
    this._n++;
    if (v > this._max) this._max = v;
  }
  get value(): Spread {
    return { total: this._total, mean: this._n ? round(this._total / this._n) : 0, max: this._max };
  }
}

const round = (v: number) => Math.round(v * 100) / 100;
/** Counts keyed by names from the data: no prototype, so `constructor` and `__proto__` count like any name. */
const tally = (): Record<string, number> => Object.create(null) as Record<string, number>;
const bump = (m: Record<string, number>, k: string) => void (m[k] = (m[k] ?? 0) + 1);

/** Folds items into counts, one at a time: memory stays flat whatever the file size. */
export class StatsCollector {
  private _items = 0;
  private _errors = 0;
  private _warnings = 0;
  private _transcripts = 0;
  private readonly _prompt = { messages: new SpreadCounter(), userTurns: new SpreadCounter() };
  private readonly _sides = new Map<number, { name: string; models: Record<string, number>; messages: SpreadCounter; turns: SpreadCounter; toolCalls: SpreadCounter; scored: number; scoreKeys: Record<string, number> }>();
  private readonly _meta: Record<'domains' | 'benchmarks' | 'traits' | 'splits', Record<string, number>> = { domains: tally(), benchmarks: tally(), traits: tally(), splits: tally() };
  private _persona = 0;
  private _rubric = 0;

  addDiagnostics(list: readonly { severity: string }[]): void {
    for (const d of list) if (d.severity === 'error') this._errors++;
    else this._warnings++;
  }

  add(r: ItemResult): void {
    this.addDiagnostics(r.diagnostics);
    if (r.transcript) {
      this._transcripts++;
      // One run read alone (an Inspect log or folder): its samples still count per task, model and scorer.
      if (!r.item || r.item.single) this._addTranscript(r.transcript);
    }
    if (r.item && !r.item.single) this._addItem(r.item);
  }

  private _addTranscript(t: Transcript): void {
    this._addSide(0, { name: 'run', model: t.model, messages: t.messages, scores: t.scores });
    this._addMetadata(t.metadata);
  }

  private _addItem(item: ReviewItem): void {
    this._items++;
    this._prompt.messages.add(item.prompt.length);
    this._prompt.userTurns.add(item.prompt.filter((m) => m.role === 'user').length);
    item.sides.forEach((side, k) => this._addSide(k, side));
    this._addMetadata(item.metadata);
  }

  private _addSide(k: number, side: { name: string; model: string; messages: readonly Message[]; scores?: Record<string, number> }): void {
    let s = this._sides.get(k);
    if (!s) this._sides.set(k, (s = { name: side.name, models: tally(), messages: new SpreadCounter(), turns: new SpreadCounter(), toolCalls: new SpreadCounter(), scored: 0, scoreKeys: tally() }));
    bump(s.models, side.model || '(unnamed)');
    s.messages.add(side.messages.length);
    s.turns.add(side.messages.filter((m) => m.role === 'assistant').length);
    s.toolCalls.add(side.messages.reduce((n, m) => n + (m.tool_calls?.length ?? 0), 0));
    const keys = side.scores ? Object.keys(side.scores) : [];
    if (keys.length) s.scored++;
    for (const key of keys) bump(s.scoreKeys, key);
  }

  private _addMetadata(m: Metadata): void {
    if (m.domain) bump(this._meta.domains, m.domain);
    if (m.benchmark) bump(this._meta.benchmarks, m.benchmark);
    if (m.split) bump(this._meta.splits, m.split);
    for (const t of m.traits ?? []) bump(this._meta.traits, t);
    if (m.persona) this._persona++;
    if (m.rubric?.length) this._rubric++;
  }

  get value(): Stats {
    return {
      items: this._items,
      errors: this._errors,
      warnings: this._warnings,
      transcripts: this._transcripts,
      prompt: { messages: this._prompt.messages.value, userTurns: this._prompt.userTurns.value },
      sides: [...this._sides.values()].map((s) => ({ name: s.name, models: s.models, messages: s.messages.value, turns: s.turns.value, toolCalls: s.toolCalls.value, scored: s.scored, scoreKeys: s.scoreKeys })),
      ...this._meta,
      withPersona: this._persona,
      withRubric: this._rubric,
    };
  }
}

function counts(m: Record<string, number>): string {
  const entries = Object.entries(m).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length ? entries.map(([k, v]) => `${k} ${v}`).join(', ') : '—';
}

const spread = (s: Spread) => `${s.total} (mean ${s.mean}, max ${s.max})`;

/** The human-readable table. */
export function formatStats(s: Stats): string {
  const rows: [string, string][] = [['items', String(s.items)]];
  if (s.transcripts) rows.push(['transcripts', `${s.transcripts} single-run records (pair them to compare)`]);
  rows.push(['prompt messages', spread(s.prompt.messages)], ['prompt user turns', spread(s.prompt.userTurns)]);
  for (const side of s.sides) {
    rows.push(
      [`${side.name} models`, counts(side.models)],
      [`${side.name} messages`, spread(side.messages)],
      [`${side.name} turns`, spread(side.turns)],
      [`${side.name} tool calls`, spread(side.toolCalls)],
      [`${side.name} scored`, `${side.scored} items${Object.keys(side.scoreKeys).length ? ` (${counts(side.scoreKeys)})` : ''}`],
    );
  }
  rows.push(
    ['domains', counts(s.domains)],
    ['benchmarks', counts(s.benchmarks)],
    ['traits', counts(s.traits)],
    ['splits', counts(s.splits)],
    ['persona prompts', String(s.withPersona)],
    ['with rubric', String(s.withRubric)],
    ['problems', `${s.errors} errors, ${s.warnings} warnings${s.errors + s.warnings ? ' (run validate to list them)' : ''}`],
  );
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => terminalLine(`${k.padEnd(width)}  ${v}`)).join('');
}

/**
 * Counts items, models per side, metadata, messages and turns, scores. Exit codes as `validate`.
 * Many inputs (files, folders of shards, globs) are counted as one dataset, as `validate` reads
 * them: an item id an earlier shard has is an error and is not counted again.
 */
export async function run(args: string[]): Promise<number> {
  const run = await openInputRun(args, usage);
  const stats = new StatsCollector();
  for await (const input of run.inputs()) {
    stats.addDiagnostics(input.diagnostics);
    for await (const r of input.source.items()) stats.add(run.ids ? run.ids.take(r) : r);
  }
  await run.finish();
  const s = stats.value;
  // Compact JSON has no raw line breaks, and the escapes keep C1 and bidi controls off the terminal: still the same JSON.
  process.stdout.write(run.json ? terminalLine(JSON.stringify(s)) : formatStats(s));
  return s.errors > 0 ? 1 : 0;
}
