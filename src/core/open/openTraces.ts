import type { Diagnostic } from '../diagnostic';
import type { FormatName } from '../adapters/types';
import { harborFileName, harborPart, isTraceFormat, sniffTraceFormat, type TraceFormat } from '../traces/traceFormat';
import { readRange, type TraceFile, type TraceGroup } from '../traces/traceFiles';
import { TraceRunSource } from '../traces/traceRunSource';
import type { FileAccess } from './fileAccess';

// Agent traces (Claude Code sessions, Codex rollouts, OTLP files, Harbor trials) as a line of the
// opening plan: a file or folder is sniffed from its first bytes, its files grouped per run, and
// the run indexed lazily (`TraceRunSource`), over whichever platform's file access.

const headBytes = 64 * 1024;
/** How deep a folder is searched for traces: a Harbor job is `job/trial/agent/trajectory.json`. */
const maxDepth = 4;

/** A file under a trace folder, with the folder it is in (groups are formed per folder). */
interface Found<F> {
  file: F;
  base: string;
  dir: string;
}

const candidate = (base: string) => /\.jsonl?$/i.test(base) && !base.startsWith('.') && !/\.review\.json$/i.test(base);

async function head<F>(io: FileAccess<F>, file: F): Promise<string> {
  const f = await io.open(file);
  try {
    return new TextDecoder().decode(await readRange(f, 0, Math.min(headBytes, f.size)));
  } finally {
    await f.close();
  }
}

async function sniff<F>(io: FileAccess<F>, file: F): Promise<{ format?: TraceFormat; head: string }> {
  try {
    const text = await head(io, file);
    return { format: sniffTraceFormat(io.names.parts(file).base, text), head: text };
  } catch {
    return { head: '' };
  }
}

/** The `.json` / `.jsonl` files under a folder, sorted, to `maxDepth`; dot-folders and links are not entered. */
async function walk<F>(io: FileAccess<F>, dir: F, depth = 0): Promise<Found<F>[]> {
  const name = io.names.name(dir);
  const files = (await io.list(dir).catch(() => [] as F[])).map((file) => ({ file, base: io.names.parts(file).base, dir: name })).filter((f) => candidate(f.base));
  if (depth >= maxDepth) return files;
  const out = [...files];
  for (const sub of await io.folders(dir).catch(() => [] as F[])) if (!io.names.parts(sub).base.startsWith('.')) out.push(...(await walk(io, sub, depth + 1)));
  return out;
}

const isDir = async <F>(io: FileAccess<F>, file: F) =>
  io.stat(file).then(
    (s) => s.directory,
    () => undefined,
  );

/**
 * The agent-trace format of a file or folder (forced, or sniffed from the first trace file
 * found), or undefined: then the plan reads it as before (JSONL records, Inspect logs).
 */
export async function traceFormatOf<F>(io: FileAccess<F>, file: F, forced?: FormatName): Promise<TraceFormat | undefined> {
  if (forced !== undefined) return isTraceFormat(forced) ? forced : undefined;
  const dir = await isDir(io, file);
  if (dir === undefined) return undefined;
  if (!dir) return candidate(io.names.parts(file).base) ? (await sniff(io, file)).format : undefined;
  for (const f of await walk(io, file)) {
    const found = (await sniff(io, f.file)).format;
    if (found) return found;
  }
  return undefined;
}

/** The files of one folder (the one a file is in), from a walk or by listing it. */
async function besides<F>(io: FileAccess<F>, file: F): Promise<Found<F>[]> {
  const dir = io.names.resolve(file, '.');
  const name = io.names.name(dir);
  return (await io.list(dir).catch(() => [] as F[])).map((f) => ({ file: f, base: io.names.parts(f).base, dir: name }));
}

const isAgentFile = (base: string) => /^agent-.*\.jsonl$/i.test(base);

export interface OpenedTraceRun {
  run: TraceRunSource;
  folder: boolean;
  close(): Promise<void>;
}

/**
 * A trace file or folder as one run. `key`: the OTel attribute naming the task, or a `.json`
 * mapping file (`{"<run id or file>": "<task>"}`, relative to the input) for any format.
 */
export async function openTraceRun<F>(io: FileAccess<F>, file: F, format: TraceFormat, key?: string | null): Promise<OpenedTraceRun> {
  const n = io.names;
  const name = n.name(file);
  const folder = (await io.stat(file)).directory;
  const readBytes = io.readBytes?.bind(io);
  const traceFile = (f: F): TraceFile => ({ name: n.name(f), open: () => (io.openPooled ? io.openPooled(f) : io.open(f)), ...(readBytes ? { read: () => readBytes(f) } : {}) });
  // A folder of Claude Code sessions is not sniffed file by file: each session's index reads it whole anyway and checks it then.
  const unsniffed = folder && format === 'claude-code';
  const group = (main: readonly F[], related: readonly F[]): TraceGroup => ({ name: n.name(main[0]!), main: main.map(traceFile), related: related.map(traceFile), ...(unsniffed ? { unsniffed } : {}) });

  let files: Found<F>[] = [{ file, base: n.parts(file).base, dir: n.name(n.resolve(file, '.')) }];
  const heads = new Map<F, string>();
  if (folder) {
    files = [];
    for (const f of await walk(io, file)) {
      if (unsniffed) {
        files.push(f);
        continue;
      }
      const s = await sniff(io, f.file);
      heads.set(f.file, s.head);
      if (s.format === format || (format === 'claude-code' && isAgentFile(f.base))) files.push(f);
    }
  }
  const extra: Diagnostic[] = [];
  let mapping: Record<string, string> | undefined;
  let attribute: string | undefined;
  if (typeof key === 'string' && /\.json$/i.test(key)) {
    try {
      mapping = JSON.parse(await io.readText(n.resolve(file, key))) as Record<string, string>;
    } catch (err) {
      extra.push({ file: key, line: 1, column: 0, severity: 'error', message: `the task mapping cannot be read: ${err instanceof Error ? err.message : String(err)}` });
    }
  } else if (typeof key === 'string' && key !== 'id') attribute = key;
  if (attribute && format !== 'otel') extra.push({ file: name, line: 1, column: 0, severity: 'warning', message: `--key ${attribute} names an OTel attribute; ${format} runs pair on their task or first user message` });

  let groups: TraceGroup[];
  if (format === 'claude-code') {
    // Each session, with the `agent-*.jsonl` files beside it or in `<session>/subagents/`.
    const all = folder ? files : [...files, ...(await besides(io, file)).filter((f) => isAgentFile(f.base))];
    const sessions = files.filter((f) => !isAgentFile(f.base) && !/[\\/]subagents$/.test(f.dir) && /\.jsonl$/i.test(f.base));
    // Agent files by folder, found once: a folder of 10k sessions is not searched once per session.
    const agents = new Map<string, F[]>();
    for (const f of all) {
      if (!isAgentFile(f.base)) continue;
      const list = agents.get(f.dir);
      if (list) list.push(f.file);
      else agents.set(f.dir, [f.file]);
    }
    groups = [];
    for (const s of sessions) {
      const sub = n.resolve(s.file, `${s.base.replace(/\.jsonl$/i, '')}/subagents`);
      const nested = folder ? (agents.get(n.name(sub)) ?? []) : (await io.list(sub).catch(() => [] as F[])).filter((f) => isAgentFile(n.parts(f).base));
      groups.push(group([s.file], [...(agents.get(s.dir) ?? []), ...nested]));
    }
  } else if (format === 'codex') {
    // Sub-agent rollouts (their session source names a parent) go with every rollout of their folder.
    const firstLine = async (f: F) => (heads.get(f) ?? (await sniff(io, f)).head).split('\n', 1)[0] ?? '';
    const sub = new Set<F>();
    for (const f of files) if (/"subagent"/.test(await firstLine(f.file))) sub.add(f.file);
    groups = files.filter((f) => !sub.has(f.file) && /\.jsonl$/i.test(f.base)).map((f) => group([f.file], files.filter((s) => sub.has(s.file) && s.dir === f.dir).map((s) => s.file)));
  } else if (format === 'harbor') {
    // Each folder's `trajectory.json` and continuations; other trajectories there (sub-agents) and the trial's `result.json` beside.
    const all = folder ? files : await besides(io, file);
    const byDir = new Map<string, Found<F>[]>();
    for (const f of all) if (harborFileName.test(f.base)) byDir.set(f.dir, [...(byDir.get(f.dir) ?? []), f]);
    groups = [];
    for (const parts of byDir.values()) {
      parts.sort((a, b) => (harborPart(a.base) ?? 0) - (harborPart(b.base) ?? 0));
      const first = parts[0]!.file;
      const inAgent = n.parts(first).parent === 'agent';
      const result = n.resolve(first, inAgent ? '../result.json' : 'result.json');
      const others = (folder ? all.filter((f) => f.dir === parts[0]!.dir) : await besides(io, first)).filter((f) => /\.json$/i.test(f.base) && !harborFileName.test(f.base) && f.base !== 'result.json');
      groups.push(group(parts.map((p) => p.file), [...others.map((o) => o.file), result]));
    }
  } else groups = files.map((f) => group([f.file], []));
  if (!groups.length) extra.push({ file: name, line: 1, column: 0, severity: 'error', message: `no ${format} traces found` });
  const run = new TraceRunSource(format, groups, { ...(attribute ? { key: attribute } : {}), ...(mapping ? { mapping } : {}) }, extra);
  return { run, folder, close: () => run.close() };
}
