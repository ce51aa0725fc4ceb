import { createReadStream, createWriteStream, existsSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { ParquetWriter } from 'hyparquet-writer';
import { fileWriter } from 'hyparquet-writer/src/node.js';
import { header, type Json, type Sample } from '../fixtures/formats/inspectBuild';
import { StoredZipWriter } from './storedZip';

interface CanonicalLine {
  id: string;
  prompt: Json[];
  baseline: { model: string; messages: Json[]; scores?: Record<string, number> };
  trained: { model: string; messages: Json[] };
  metadata: { [k: string]: Json };
}

async function* lines(file: string): AsyncGenerator<string> {
  for await (const line of createInterface({ input: createReadStream(file, { highWaterMark: 4 << 20 }), crlfDelay: Infinity })) if (line) yield line;
}

/** The same items as the synthetic JSONL, as one Inspect sample each: prompt and both sides as one conversation. */
function sampleOf(item: CanonicalLine, n: number): Sample {
  return {
    id: n + 1,
    epoch: 1,
    input: item.prompt as Json,
    target: '',
    messages: [...item.prompt, ...item.baseline.messages, ...item.trained.messages],
    output: { model: item.baseline.model, choices: [], completion: '' },
    scores: Object.fromEntries(Object.entries(item.baseline.scores ?? {}).map(([k, v]) => [k, { value: v, history: [] }])),
    metadata: item.metadata,
    store: {},
    events: [],
    model_usage: {},
    role_usage: {},
    attachments: {},
  };
}

/** A text as Inspect's summaries keep it (`truncate_text`: 5,120 characters, then a note). */
const cut = (text: string) => (text.length > 5120 ? `${text.slice(0, 5120)}...\n(content truncated)` : text);

/** A sample's summary as Inspect writes it to `summaries.json` (`EvalSample.summary()`): input texts cut, metadata values of 1 KB or less. */
function summaryOf(s: Sample): Json {
  const input = (s.input as { [k: string]: Json }[]).map((m) => (typeof m.content === 'string' ? { ...m, content: cut(m.content) } : m));
  const metadata = Object.fromEntries(Object.entries(s.metadata as { [k: string]: Json }).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/\s+/g, ' ').trim().slice(0, 1024) : JSON.stringify(v).length <= 1024 ? v : 'Key removed from summary (> 1k)']));
  return { id: s.id, epoch: s.epoch, input, target: s.target!, metadata, scores: s.scores!, model_usage: {}, completed: true };
}

/**
 * An `.eval` of the synthetic items, one sample entry each, written as a stream, then Inspect's
 * `summaries.json` and the header. Entries are stored, not deflated, so the log is as large as
 * the JSONL (a deflated log reads the same central directory and inflates one sample per item
 * shown); ZIP64 past 65,535 entries.
 */
async function writeEval(jsonl: string, path: string): Promise<void> {
  const zip = new StoredZipWriter(path);
  const summaries: string[] = [];
  let n = 0;
  for await (const line of lines(jsonl)) {
    const sample = sampleOf(JSON.parse(line) as CanonicalLine, n);
    await zip.add(`samples/${n + 1}_epoch_1.json`, Buffer.from(JSON.stringify(sample)));
    summaries.push(JSON.stringify(summaryOf(sample)));
    n++;
  }
  await zip.add('summaries.json', Buffer.from(`[${summaries.join(',')}]`));
  await zip.add('header.json', Buffer.from(JSON.stringify(header('synthetic', 'base-v3', []))));
  await zip.close();
}

/** An Inspect `.json` log of the synthetic items: one `EvalLog` object, samples inline, written as a stream. */
async function writeJsonLog(jsonl: string, path: string): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 4 << 20 });
  const head = header('synthetic', 'base-v3', []);
  const put = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await put(`${JSON.stringify(head).slice(0, -1)},"samples":[`);
  let n = 0;
  for await (const line of lines(jsonl)) {
    await put((n ? ',' : '') + JSON.stringify(sampleOf(JSON.parse(line) as CanonicalLine, n)));
    n++;
  }
  await put(']}');
  out.end();
  await once(out, 'finish');
}

/** Parquet of the synthetic items (id, then prompt, sides and metadata as JSON columns), in row groups of 1000. */
async function writeParquet(jsonl: string, path: string): Promise<void> {
  const writer = new ParquetWriter({
    writer: fileWriter(path),
    schema: [
      { name: 'root', num_children: 5 },
      { name: 'id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      ...['prompt', 'baseline', 'trained', 'metadata'].map((name) => ({ name, type: 'BYTE_ARRAY' as const, converted_type: 'JSON' as const, repetition_type: 'REQUIRED' as const })),
    ],
  });
  let batch: CanonicalLine[] = [];
  const put = async () => {
    if (!batch.length) return;
    const col = <K extends keyof CanonicalLine>(k: K) => ({ name: k, data: batch.map((r) => r[k]) as never[] });
    await writer.write({ columnData: [col('id'), col('prompt'), col('baseline'), col('trained'), col('metadata')], rowGroupSize: 1000 });
    batch = [];
  };
  for await (const line of lines(jsonl)) {
    batch.push(JSON.parse(line) as CanonicalLine);
    if (batch.length === 1000) await put();
  }
  await put();
  await writer.finish();
}

/** `.eval`, `.json`, `.jsonl.gz` and `.parquet` of the run's synthetic JSONL, made once per size beside it (only the `wanted` ones, when given). */
export async function formatFiles(jsonl: string, log: (line: string) => void, wanted?: (kind: 'eval' | 'json' | 'gz' | 'parquet') => boolean): Promise<{ eval: string; json: string; gz: string; parquet: string }> {
  const stem = jsonl.replace(/\.jsonl$/, '');
  // `.summaries.eval`: the log with Inspect's summaries.json, as Inspect writes it (an earlier bench's `.eval` had none).
  const files = { eval: `${stem}.summaries.eval`, json: `${stem}.json`, gz: `${stem}.jsonl.gz`, parquet: `${stem}.parquet` };
  const make = async (path: string, what: string, write: (tmp: string) => Promise<void>) => {
    if (existsSync(path)) return;
    log(`formats: writing ${what} of the same items (${path})…`);
    await write(`${path}.part`);
    renameSync(`${path}.part`, path);
  };
  const want = wanted ?? (() => true);
  if (want('eval')) await make(files.eval, 'an Inspect .eval log', (tmp) => writeEval(jsonl, tmp));
  if (want('json')) await make(files.json, 'an Inspect .json log', (tmp) => writeJsonLog(jsonl, tmp));
  if (want('gz')) await make(files.gz, 'the JSONL gzipped', (tmp) => pipeline(createReadStream(jsonl), createGzip(), createWriteStream(tmp)));
  if (want('parquet')) await make(files.parquet, 'a Parquet file', (tmp) => writeParquet(jsonl, tmp));
  return files;
}
