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

/** Line starts of `bytes` (byte offsets), and the end: the same lines as its text's, a line break being one byte in both. */
function byteLineStarts(bytes: Uint8Array): number[] {
  const out = [0];
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) out.push(i + 1);
  if (out[out.length - 1] !== bytes.length) out.push(bytes.length);
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
 * The key of the run that lines `from`…`to` start: the reader run on the first 4, 16, 64… lines
 * until it finds the first prompt (the reader's own key, so the index and the review agree).
 * `starts` are the lines' byte offsets in `bytes`: the lines go to the reader as they are, uncopied.
 */
function prefixKey(name: string, bytes: Uint8Array, starts: readonly number[], from: number, to: number, reader: TraceReader): { id?: string; key?: string } {
  for (let n = 4; ; n *= 4) {
    const end = Math.min(to, from + n);
    const run = reader({ main: [{ name, bytes: bytes.subarray(starts[from], starts[end]) }], related: [] }, {}).runs[0];
    const k = run ? firstUserKey(run.transcript.messages) : undefined;
    if (k || end >= to) return { ...(run?.transcript.id ? { id: run.transcript.id } : {}), ...(k ? { key: k } : {}) };
  }
}

const rootMarks = /"parentUuid"\s*:\s*null/g;
const turnMark = /"type"\s*:\s*"(?:user|assistant)"/;

/** The line (of `starts`) that character `at` is on. */
function lineAt(starts: readonly number[], at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= at) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * The lines of a session where a conversation chain starts: a turn without a parent (a `/clear`),
 * found by a search of the text for `"parentUuid": null` and only those lines parsed; the first
 * such line opens the first chain unless a turn came before it.
 */
function chainStarts(text: string, starts: readonly number[]): number[] {
  const lines = starts.length - 1;
  const line = (i: number) => text.slice(starts[i], starts[i + 1]);
  const roots: number[] = [];
  for (const m of text.matchAll(rootMarks)) {
    const i = lineAt(starts, m.index);
    if (i >= lines || roots[roots.length - 1] === i) continue;
    const e = parsed(line(i));
    if (e && isChainRoot(e)) roots.push(i);
  }
  const out = [0];
  if (roots.length) {
    let turnBefore = false;
    for (let i = 0; i < roots[0]! && !turnBefore; i++) {
      const l = line(i);
      const e = turnMark.test(l) ? parsed(l) : undefined;
      turnBefore = !!e && isTurn(e);
    }
    out.push(...(turnBefore ? roots : roots.slice(1)));
  }
  out.push(lines);
  return out;
}

/**
 * A Claude Code session: its conversation chains (see `chainStarts`), each keyed on its first
 * prompt from its first lines alone.
 */
export const indexClaudeCode: TraceIndexer = async (group, options) => {
  if (options.mapping) return readNow(group, readClaudeCode, options);
  const main = await readWhole(group.main[0]!);
  const text = new TextDecoder().decode(main.bytes);
  if (group.unsniffed && sniffTraceFormat(baseName(main.name), text.slice(0, 64 * 1024)) !== 'claude-code') return whenShown(group, readClaudeCode, options, []);
  const chainAt = chainStarts(text, lineStarts(text));
  const byteStarts = byteLineStarts(main.bytes);
  const runs: IndexedRun[] = [];
  for (let c = 0; c + 1 < chainAt.length; c++) {
    const k = prefixKey(main.name, main.bytes, byteStarts, chainAt[c]!, chainAt[c + 1]!, readClaudeCode);
    const id = k.id ? (c ? `${k.id}#${c + 1}` : k.id) : undefined;
    runs.push({ ...(id ? { id } : {}), ...(k.key ? { key: k.key } : {}) });
  }
  return whenShown(group, readClaudeCode, options, runs);
};

/** A Codex rollout: one run, keyed on its first prompt. */
export const indexCodex: TraceIndexer = async (group, options) => {
  if (options.mapping) return readNow(group, readCodex, options);
  const main = await readWhole(group.main[0]!);
  const starts = byteLineStarts(main.bytes);
  return whenShown(group, readCodex, options, [prefixKey(main.name, main.bytes, starts, 0, starts.length - 1, readCodex)]);
};

/** A Harbor trial: one run, keyed on its task (the trial's `result.json`, else its folder's name). */
export const indexHarbor: TraceIndexer = async (group, options) => {
  const result = group.related.find((f) => /(^|[\\/])result\.json$/.test(f.name));
  const task = options.mapping ? undefined : harborTask(group.main[0]!.name, result ? await readWhole(result).catch(() => undefined) : undefined);
  if (!task) return readNow(group, readHarbor, options);
  return whenShown(group, readHarbor, options, [{ task }]);
};

