// Builders of small hostile inputs: files whose counts and sizes claim far more than the bytes
// hold, or whose shape makes a naive reader quadratic. Each returns the bytes (or writes them).
import { strToU8, zipSync, type Zippable } from 'fflate';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { agentSample, evalZip, header, type Json, type Sample } from '../fixtures/formats/inspectBuild';

const utf8 = { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' } as const;

/** A Parquet file of `rows` TRL pairs (`prompt`, `chosen`, `rejected`) and optional INT64 `id`s, `groupRows` per row group. */
export function trlParquet(rows: number, options: { groupRows?: number; ids?: readonly bigint[]; edit?: (w: ParquetWriter) => void } = {}): Uint8Array {
  const writer = new ByteWriter();
  const names = ['prompt', 'chosen', 'rejected'] as const;
  const schema = [
    { name: 'root', num_children: names.length + (options.ids ? 1 : 0) },
    ...(options.ids ? [{ name: 'id', type: 'INT64' as const, repetition_type: 'REQUIRED' as const }] : []),
    ...names.map((name) => ({ name, ...utf8 })),
  ];
  // Uncompressed, no statistics or page indexes: the fixtures are small, and 20k row groups are quick to write.
  const w = new ParquetWriter({ writer, schema, statistics: false, codec: 'UNCOMPRESSED' });
  const text = (name: string) => Array.from({ length: rows }, (_, i) => `${name} ${i}`);
  w.write({ columnData: [...(options.ids ? [{ name: 'id', data: [...options.ids] }] : []), ...names.map((name) => ({ name, data: text(name), offsetIndex: false }))], rowGroupSize: options.groupRows ?? rows });
  options.edit?.(w);
  w.finish();
  return new Uint8Array(writer.getBuffer());
}

/** One row whose row group (and footer) claim `claim` rows; with `values`, the columns claim as many values too. */
export function forgedParquet(claim: bigint, options: { values?: boolean } = {}): Uint8Array {
  return trlParquet(1, {
    edit: (w) => {
      const g = w.row_groups[0]!;
      g.num_rows = claim;
      if (options.values) for (const c of g.columns) c.meta_data!.num_values = claim;
      w.num_rows = claim;
    },
  });
}

const enc = (v: Json) => strToU8(JSON.stringify(v));
const eval1 = (samples: Sample[]) => header('task', 'model-x', samples);

/** A chunked `.eval` whose one sample's `message_refs` repeat the whole pool `repeats` times. */
export function evalRefBomb(repeats: number, pool = 50): Uint8Array {
  const s = agentSample({ id: 1, epoch: 1, question: 'q', answer: 'a', scores: {} });
  const files: Zippable = {
    'header.json': enc(eval1([s])),
    'samples/1_epoch_1/sample.json': enc({ id: 1, epoch: 1, input: 'q', target: 't', message_refs: Array.from({ length: repeats }, () => [0, pool]) }),
    'samples/1_epoch_1/messages/0.json': enc(Array.from({ length: pool }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `m${i}` }))),
  };
  return zipSync(files, { level: 9 });
}

/** A chunked `.eval` whose one sample's messages come in `chunks` entries of one message each. */
export function evalManyChunks(chunks: number): Uint8Array {
  const s = agentSample({ id: 1, epoch: 1, question: 'q', answer: 'a', scores: {} });
  const files: Zippable = {
    'header.json': enc(eval1([s])),
    'samples/1_epoch_1/sample.json': enc({ id: 1, epoch: 1, input: 'q', target: 't', message_refs: [[0, chunks]] }),
  };
  for (let k = 0; k < chunks; k++) files[`samples/1_epoch_1/messages/${k}.json`] = enc([{ role: k % 2 ? 'assistant' : 'user', content: `m${k}` }]);
  return zipSync(files, { level: 0 });
}

/** A monolithic `.eval`: sample 1 references one `chars`-long attachment `refs` times; sample 2 is ordinary. */
export function evalAttachmentBomb(chars: number, refs: number): Uint8Array {
  const bomb = agentSample({ id: 1, epoch: 1, question: 'q', answer: 'a', scores: {} });
  bomb.attachments = { big: 'x'.repeat(chars) };
  bomb.messages = Array.from({ length: refs }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: 'attachment://big' }));
  const fine = agentSample({ id: 2, epoch: 1, question: 'q2', answer: 'a2', scores: {} });
  return evalZip(eval1([bomb, fine]), [bomb, fine], 'monolith', { level: 6 });
}

/** An ordinary stored (uncompressed) `.eval` of two samples, with `edit` applied to its bytes after the CRCs were written. */
export function evalEdited(edit: (zip: Uint8Array, find: (text: string) => number) => void): Uint8Array {
  const samples = [1, 2].map((id) => agentSample({ id, epoch: 1, question: `question ${id}`, answer: `answer number ${id}`, scores: {} }));
  const zip = evalZip(eval1(samples), samples, 'monolith', { level: 0 });
  const text = new TextDecoder('latin1').decode(zip);
  edit(zip, (t) => {
    const at = text.indexOf(t);
    if (at < 0) throw new Error(`no ${t} in the zip`);
    return at;
  });
  return zip;
}

/** A sample whose `answer number 1` now reads `answer number 9`: same length, CRC not updated. */
export const editedSample = () => evalEdited((zip, find) => (zip[find('answer number 1') + 'answer number '.length] = '9'.charCodeAt(0)));
/** A log whose `header.json` bytes are damaged (its first byte is no longer `{`). */
export const damagedHeader = () => evalEdited((zip, find) => (zip[find('{"version":2,"status"')] = 0x78));

/** A plain `.eval` of `n` samples of one task, for folders of logs. */
export function smallEval(task: string, n = 1): Uint8Array {
  const samples = Array.from({ length: n }, (_, i) => agentSample({ id: i + 1, epoch: 1, question: `q${i}`, answer: `a${i}`, scores: {} }));
  return evalZip(header(task, 'model-x', samples), samples, 'monolith', { level: 0 });
}

/** A label log of `n` span labels on one item, each its own slot. */
export function spanLog(n: number, item = 'p1', annotator = 'ana'): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(JSON.stringify({ v: 1, op: 'add', id: `e${i}`, at: '2026-12-01T00:00:00.000Z', annotator, item, kind: 'span', side: 'trained', message: 1, start: i, end: i + 1, quote: 'x', trait: 'truthfulness' }));
  }
  return lines.join('\n') + '\n';
}
