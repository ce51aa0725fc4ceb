import { isChainRoot, isTurn, readClaudeCode } from './claudeCode';
import { readCodex } from './codex';
import { harborTask, readHarbor } from './harbor';
import { loadGroup, readWhole, type TraceGroup } from './traceFiles';
import { baseName, type TraceReadOptions, type TraceReader } from './traceGroup';
import { sniffTraceFormat } from './traceFormat';
import type { GroupIndex, IndexedRun, TraceIndexer } from './traceIndex';
import { firstUserKey } from './traceMessages';

// Sessions, rollouts and trials: one small file (or a few) per run. Indexing reads no more of a
// run than its key needs: a session's first lines up to its first prompt, a trial's result; the
// run is read whole (its group only) when shown.

/** A group read whole when shown: run `k` and, with the first, what the reader could not read. */
function whenShown(group: TraceGroup, reader: TraceReader, options: TraceReadOptions, runs: IndexedRun[]): GroupIndex {
  return {
    runs,
    diagnostics: [],
    async read(k) {
      const read = reader(await loadGroup(group), options);
      return { run: read.runs[k], diagnostics: k === 0 || !read.runs[k] ? read.diagnostics : [] };
    },
  };
}

/** The group read whole now (a mapping names runs by id; a trial without a task keys on its prompt). */
async function readNow(group: TraceGroup, reader: TraceReader, options: TraceReadOptions): Promise<GroupIndex> {
  const read = reader(await loadGroup(group), options);
  const runs = read.runs.map((r) => ({ ...(r.transcript.id ? { id: r.transcript.id } : {}), ...(r.task ? { task: r.task } : {}), ...key(r.transcript.messages) }));
  return whenShown(group, reader, options, runs.length ? runs : [{}]);
}

const key = (messages: Parameters<typeof firstUserKey>[0]) => {
  const k = firstUserKey(messages);
  return k ? { key: k } : {};
};

/** Line starts of `text` (character offsets), and the end. */
function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  if (out[out.length - 1] !== text.length) out.push(text.length);
  return out;
}

const parsed = (line: string): Record<string, unknown> | undefined => {
  try {
    const v = JSON.parse(line) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The key of the run that `lines` start: the reader run on the first 4, 16, 64… lines until it
 * finds the first prompt (the reader's own key, so the index and the review agree).
 */
function prefixKey(name: string, text: string, starts: readonly number[], from: number, to: number, reader: TraceReader): { id?: string; key?: string } {
  const encoder = new TextEncoder();
  for (let n = 4; ; n *= 4) {
    const end = Math.min(to, from + n);
    const run = reader({ main: [{ name, bytes: encoder.encode(text.slice(starts[from], starts[end])) }], related: [] }, {}).runs[0];
    const k = run ? firstUserKey(run.transcript.messages) : undefined;
    if (k || end >= to) return { ...(run?.transcript.id ? { id: run.transcript.id } : {}), ...(k ? { key: k } : {}) };
  }
}

const rootMark = /"parentUuid"\s*:\s*null/;
const turnMark = /"type"\s*:\s*"(?:user|assistant)"/;

/**
 * A Claude Code session: its conversation chains (a `/clear` starts one: a turn without a parent)
 * found by the lines that say `"parentUuid": null`, the only ones parsed beyond each chain's
 * first prompt.
 */
export const indexClaudeCode: TraceIndexer = async (group, options) => {
  if (options.mapping) return readNow(group, readClaudeCode, options);
  const main = await readWhole(group.main[0]!);
  const text = new TextDecoder().decode(main.bytes);
  if (group.unsniffed && sniffTraceFormat(baseName(main.name), text.slice(0, 64 * 1024)) !== 'claude-code') return whenShown(group, readClaudeCode, options, []);
  const starts = lineStarts(text);
  const lines = starts.length - 1;
  const line = (i: number) => text.slice(starts[i], starts[i + 1]);
  const chainAt: number[] = [0];
  let turnSeen = false;
  for (let i = 0; i < lines; i++) {
    const l = line(i);
    const root = rootMark.test(l) ? parsed(l) : undefined;
    if (root && isChainRoot(root)) {
      // The first root opens the first chain unless a turn came before it.
      if (turnSeen || chainAt.length > 1) chainAt.push(i);
      turnSeen = true;
    } else if (!turnSeen && chainAt.length === 1 && turnMark.test(l)) {
      const e = parsed(l);
      if (e && isTurn(e)) turnSeen = true;
    }
  }
  chainAt.push(lines);
  const runs: IndexedRun[] = [];
  for (let c = 0; c + 1 < chainAt.length; c++) {
    const k = prefixKey(main.name, text, starts, chainAt[c]!, chainAt[c + 1]!, readClaudeCode);
    const id = k.id ? (c ? `${k.id}#${c + 1}` : k.id) : undefined;
    runs.push({ ...(id ? { id } : {}), ...(k.key ? { key: k.key } : {}) });
  }
  return whenShown(group, readClaudeCode, options, runs);
};

/** A Codex rollout: one run, keyed on its first prompt. */
export const indexCodex: TraceIndexer = async (group, options) => {
  if (options.mapping) return readNow(group, readCodex, options);
  const main = await readWhole(group.main[0]!);
  const text = new TextDecoder().decode(main.bytes);
  const starts = lineStarts(text);
  return whenShown(group, readCodex, options, [prefixKey(main.name, text, starts, 0, starts.length - 1, readCodex)]);
};

/** A Harbor trial: one run, keyed on its task (the trial's `result.json`, else its folder's name). */
export const indexHarbor: TraceIndexer = async (group, options) => {
  const result = group.related.find((f) => /(^|[\\/])result\.json$/.test(f.name));
  const task = options.mapping ? undefined : harborTask(group.main[0]!.name, result ? await readWhole(result).catch(() => undefined) : undefined);
  if (!task) return readNow(group, readHarbor, options);
  return whenShown(group, readHarbor, options, [{ task }]);
};

