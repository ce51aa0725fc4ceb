import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { OpenedInput } from '../core/open/openedInput';
import { manifestSchema, type Manifest } from '../core/input/manifest';
import { labelsDirFor } from '../core/labels/labelPaths';
import { RunPairing, SingleRun } from '../core/runs/runPairing';
import type { FormatName } from '../core/adapters/types';
import type { Diagnostic } from '../core/diagnostic';
import { harborFileName, harborPart, isTraceFormat, sniffTraceFormat, type TraceFormat } from '../core/traces/traceFormat';
import { TraceRunSource, type TraceGroup } from '../core/traces/traceRunSource';
import type { TraceGroupBytes } from '../core/traces/traceGroup';

const headBytes = 64 * 1024;
/** How deep a folder is searched for traces: a Harbor job is `job/trial/agent/trajectory.json`. */
const maxDepth = 4;

async function head(path: string): Promise<string> {
  const fd = await open(path, 'r');
  try {
    const buf = Buffer.alloc(headBytes);
    const { bytesRead } = await fd.read(buf, 0, headBytes, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fd.close();
  }
}

const candidate = (name: string) => /\.jsonl?$/i.test(name) && !name.startsWith('.') && !/\.review\.json$/i.test(name);

/** The `.json` / `.jsonl` files under a folder, sorted, to `maxDepth`. */
async function walk(dir: string, depth = 0): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, e.name);
    if (e.isDirectory() && depth < maxDepth && !e.name.startsWith('.')) out.push(...(await walk(p, depth + 1)));
    else if (e.isFile() && candidate(e.name)) out.push(p);
  }
  return out;
}

async function sniff(path: string): Promise<TraceFormat | undefined> {
  try {
    return sniffTraceFormat(basename(path), await head(path));
  } catch {
    return undefined;
  }
}

/**
 * The agent-trace format of a file or folder (forced, or sniffed from the first trace file
 * found), or undefined: then it is read as before (JSONL records, Inspect logs).
 */
export async function traceFormatOf(path: string, forced?: FormatName): Promise<TraceFormat | undefined> {
  if (forced !== undefined) return isTraceFormat(forced) ? forced : undefined;
  let info;
  try {
    info = await stat(path);
  } catch {
    return undefined;
  }
  if (info.isFile()) return candidate(basename(path)) ? sniff(path) : undefined;
  if (!info.isDirectory()) return undefined;
  for (const f of await walk(path)) {
    const found = await sniff(f);
    if (found) return found;
  }
  return undefined;
}

const loadFiles = async (main: readonly string[], related: readonly string[]): Promise<TraceGroupBytes> => ({
  main: await Promise.all(main.map(async (name) => ({ name, bytes: await readFile(name) }))),
  related: (await Promise.all(related.map(async (name) => ({ name, bytes: await readFile(name).catch(() => undefined) })))).flatMap((f) => (f.bytes ? [{ name: f.name, bytes: f.bytes }] : [])),
});

const group = (main: readonly string[], related: readonly string[]): TraceGroup => ({ name: main[0]!, load: () => loadFiles(main, related) });

/** Claude Code: each session file, with the `agent-*.jsonl` files beside it or in `<session>/subagents/`. */
async function claudeGroups(files: readonly string[]): Promise<TraceGroup[]> {
  const isAgent = (f: string) => /^agent-.*\.jsonl$/i.test(basename(f));
  const out: TraceGroup[] = [];
  for (const f of files.filter((x) => !isAgent(x) && !/[\\/]subagents[\\/]/.test(x) && /\.jsonl$/i.test(x))) {
    const dir = dirname(f);
    const siblings = (await readdir(dir).catch(() => [])).map((n) => join(dir, n)).filter(isAgent);
    const own = join(dir, basename(f, '.jsonl'), 'subagents');
    const nested = (await readdir(own).catch(() => [])).map((n) => join(own, n)).filter(isAgent);
    out.push(group([f], [...siblings, ...nested]));
  }
  return out;
}

/** Codex: each rollout; sub-agent rollouts (their session source names a parent) go with every rollout of their folder. */
async function codexGroups(files: readonly string[]): Promise<TraceGroup[]> {
  const sub = new Set<string>();
  for (const f of files) if (/"subagent"/.test((await head(f)).split('\n', 1)[0] ?? '')) sub.add(f);
  return files.filter((f) => !sub.has(f) && /\.jsonl$/i.test(f)).map((f) => group([f], [...sub].filter((s) => dirname(s) === dirname(f))));
}

/** Harbor: each folder's `trajectory.json` and continuations; other trajectories there (sub-agents) and the trial's `result.json` beside. */
async function harborGroups(files: readonly string[]): Promise<TraceGroup[]> {
  const byDir = new Map<string, string[]>();
  for (const f of files) if (harborFileName.test(basename(f))) byDir.set(dirname(f), [...(byDir.get(dirname(f)) ?? []), f]);
  const out: TraceGroup[] = [];
  for (const [dir, parts] of byDir) {
    parts.sort((a, b) => (harborPart(basename(a)) ?? 0) - (harborPart(basename(b)) ?? 0));
    const others = (await readdir(dir).catch(() => [])).filter((n) => /\.json$/i.test(n) && !harborFileName.test(n)).map((n) => join(dir, n));
    const result = basename(dir) === 'agent' ? [join(dirname(dir), 'result.json')] : [join(dir, 'result.json')];
    out.push(group(parts, [...others.filter((o) => !result.includes(o)), ...result]));
  }
  return out;
}

export interface OpenedTraceRun {
  run: TraceRunSource;
  folder: boolean;
  close(): Promise<void>;
}

/**
 * A trace file or folder as one run. `key`: the OTel attribute naming the task, or a `.json`
 * mapping file (`{"<run id or file>": "<task>"}`) for any format.
 */
export async function openTraceRun(path: string, format: TraceFormat, key?: string | null): Promise<OpenedTraceRun> {
  const folder = (await stat(path)).isDirectory();
  const all = folder ? await walk(path) : [path];
  let files = all;
  if (folder) {
    const kept: string[] = [];
    for (const f of all) if ((await sniff(f)) === format || (format === 'claude-code' && /^agent-/.test(basename(f)))) kept.push(f);
    files = kept;
  }
  const extra: Diagnostic[] = [];
  let mapping: Record<string, string> | undefined;
  let attribute: string | undefined;
  if (typeof key === 'string' && /\.json$/i.test(key)) {
    try {
      mapping = JSON.parse(await readFile(key, 'utf8')) as Record<string, string>;
    } catch (err) {
      extra.push({ file: key, line: 1, column: 0, severity: 'error', message: `the task mapping cannot be read: ${err instanceof Error ? err.message : String(err)}` });
    }
  } else if (typeof key === 'string' && key !== 'id') attribute = key;
  if (attribute && format !== 'otel') extra.push({ file: path, line: 1, column: 0, severity: 'warning', message: `--key ${attribute} names an OTel attribute; ${format} runs pair on their task or first user message` });
  const groups = format === 'claude-code' ? await claudeGroups(files) : format === 'codex' ? await codexGroups(files) : format === 'harbor' ? await harborGroups(files) : files.map((f) => group([f], []));
  if (!groups.length) extra.push({ file: path, line: 1, column: 0, severity: 'error', message: `no ${format} traces found` });
  return { run: new TraceRunSource(format, groups, { ...(attribute ? { key: attribute } : {}), ...(mapping ? { mapping } : {}) }, extra), folder, close: async () => undefined };
}

/**
 * An agent-trace input opened whole: a trace file or folder (one run), two of them
 * (`trained`), or a manifest naming them; undefined for any other input (the opening plan reads it).
 */
export async function openTraced(path: string, options: { format?: FormatName; trained?: string; key?: string | null; names?: readonly [string, string] }): Promise<OpenedInput | undefined> {
  let a = path;
  let b = options.trained;
  let { format, key, names } = options;
  let manifest: Manifest | undefined;
  let labelsPath = path;
  if (/\.review\.json$/i.test(path)) {
    const parsed = manifestSchema.safeParse(JSON.parse(await readFile(path, 'utf8').catch(() => 'null')));
    const m = parsed.success ? parsed.data : undefined;
    if (!m?.baseline || !m.trained) return undefined;
    const at = (f: string) => (isAbsolute(f) ? f : join(dirname(path), f));
    manifest = m;
    a = at(m.baseline.file);
    b = at(m.trained.file);
    format ??= m.format;
    key ??= m.key;
    names ??= [m.baseline.name ?? basename(a), m.trained.name ?? basename(b)];
  } else if (b !== undefined) labelsPath = join(dirname(path), `${basename(path)}-vs-${basename(b)}.review.json`);
  const trace = (await traceFormatOf(a, format)) ?? (b !== undefined ? await traceFormatOf(b, format) : undefined);
  if (!trace) return undefined;
  const labelsDir = manifest?.labels ? join(dirname(path), manifest.labels) : labelsDirFor(labelsPath);
  const ra = await openTraceRun(a, trace, key);
  if (b === undefined) return { source: new SingleRun(ra.run), labelsPath, labelsDir, diagnostics: [], close: ra.close };
  const rb = await openTraceRun(b, trace, key);
  const source = new RunPairing(ra.run, rb.run, { names: names ?? [basename(a), basename(b)], byTask: false });
  return { source, labelsPath, labelsDir, ...(manifest ? { manifest } : {}), diagnostics: [], close: async () => undefined };
}
