import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adapters } from '../../src/core/adapters/index';
import type { Adapter } from '../../src/core/adapters/types';
import { convertEntry } from '../../src/core/input/dataset';
import { passThroughEnd } from '../../src/core/exports/exportMerged';
import { scanRecord, type ScanMode, type ScanRecord } from '../../src/core/review/scanRecord';
import { latin1Canonical, scanEntry } from '../../src/node/scan/scanEntry';

const modes: readonly ScanMode[] = ['summaries', 'validate', 'merged'];

/** The plain path, as the single-threaded pass takes it: decode, parse, convert, keep. */
function plain(adapter: Adapter, index: number, line: number, bytes: Uint8Array, mode: ScanMode): ScanRecord {
  const result = convertEntry(adapter, 'f.jsonl', index, line, bytes);
  const record = scanRecord(result, mode);
  if (mode === 'merged') record.passEnd = passThroughEnd(result);
  return record;
}

let seed = 11;
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

// Latin-1-range, C1 controls, BMP, astral, line separators, JSON escapes, long runs around the preview's cut.
const pieces = ['plain', '', 'café', 'naïve résumé', 'ÿ\u0080\u009f', '東京', '🙂 ok', 'a\u2028b\u2029', '—', 'tab\there', 'quote " and \\ back', 'line\nbreak', '  spaced   out  ', 'x '.repeat(60), 'é'.repeat(90), '🙂'.repeat(50), 'Ã©'];
const str = () => Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(pieces)).join('');
const content = () => (rand() < 0.7 ? str() : rand() < 0.5 ? [{ type: 'text', text: str() }, { type: 'image' }, { type: 'text', text: str() }] : null);
const message = (role: string) => ({ role, content: content(), ...(rand() < 0.2 ? { name: str() } : {}) });
const messages = () => Array.from({ length: Math.floor(rand() * 3) }, () => message(pick(['user', 'assistant', 'system', 'tool'])));
const side = () => ({ model: pick(['m', 'base-v3', 'modèle-é', '模型']), messages: messages(), ...(rand() < 0.6 ? { scores: { overall: pick([0.1, 0.5, 0.9]), [pick(['helpful', 'nützlich'])]: 1 } } : {}) });

function canonicalItem(k: number): Record<string, unknown> {
  return {
    id: pick([`item-${k}`, `élément-${k}`, `项目-${k}`, `🙂${k}`]),
    prompt: rand() < 0.1 ? [] : messages(),
    baseline: side(),
    trained: side(),
    ...(rand() < 0.85
      ? {
          metadata: {
            ...(rand() < 0.8 ? { domain: pick(['law', 'santé', '医疗']) } : {}),
            ...(rand() < 0.7 ? { benchmark: str() } : {}),
            ...(rand() < 0.5 ? { split: pick(['test', 'évaluation']) } : {}),
            ...(rand() < 0.7 ? { traits: [pick(['truthfulness', 'véracité']), pick(['tone', '语气'])] } : {}),
            ...(rand() < 0.3 ? { persona: str(), rubric: [{ id: 'c', text: str(), points: 1 }], ['clé-' + str()]: str() } : {}),
          },
        }
      : {}),
  };
}

/** Non-ASCII characters written as `\u` escapes (as Python's `json.dumps` does); some or all. */
function escaped(text: string, every: boolean): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (code < 0x80 || (!every && rand() < 0.7)) out += c;
    else for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
  }
  return out;
}

const badBytes = [[0xff], [0xc0, 0x80], [0xc1, 0xbf], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0x80], [0xe6, 0x9d], [0xf0, 0x9f, 0x99], [0xe0, 0x80, 0x80]];

/** The line as written, and damaged and varied ways of it. */
function variants(json: string): Buffer[] {
  const bytes = Buffer.from(json);
  const out = [bytes, Buffer.from(escaped(json, true)), Buffer.from(escaped(json, false)), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes])];
  const at = Math.floor(rand() * bytes.length);
  out.push(Buffer.concat([bytes.subarray(0, at), Buffer.from(pick(badBytes)), bytes.subarray(at)]));
  out.push(bytes.subarray(0, Math.floor(rand() * bytes.length)));
  const flipped = Buffer.from(bytes);
  flipped[at] = Math.floor(rand() * 256);
  out.push(flipped);
  out.push(Buffer.from(json.replace(/^\{"id":"[^"]*"/, '{"id":123456789012345678901')));
  out.push(Buffer.from(json.replace(/^\{/, '{"__proto__":{"x":"é"},')));
  out.push(Buffer.from(json.replace(/"model":/, '"name":"b","model":')));
  out.push(Buffer.from(json.replace(/"trained":/, '"trainé":')));
  out.push(Buffer.from(json.replace(/"content":"/, '"content":"\\ud83d')));
  out.push(Buffer.from(`  ${json} \r`));
  return out;
}

test('a scan thread reads each entry as the plain path does: clean, escaped and damaged canonical lines, in every mode (seeded fuzz)', () => {
  const canonical = adapters.canonical;
  let quick = 0;
  let lines = 0;
  for (let k = 0; k < 250; k++) {
    for (const bytes of variants(JSON.stringify(canonicalItem(k)))) {
      lines++;
      for (const mode of modes) {
        const expected = plain(canonical, k, k + 1, bytes, mode);
        assert.deepStrictEqual(scanEntry(canonical, 'f.jsonl', k, k + 1, bytes, mode), expected, `${mode}: ${bytes.toString('latin1').slice(0, 300)}`);
        const fast = latin1Canonical(k, k + 1, bytes, mode);
        if (fast) {
          quick++;
          assert.deepStrictEqual(fast, expected, `${mode}, read as Latin-1: ${bytes.toString('latin1').slice(0, 300)}`);
        }
      }
    }
  }
  // The Latin-1 path really ran on many of them (clean and partly escaped lines, raw UTF-8, spaced), and not on the rest.
  assert.ok(quick > lines * 0.3 && quick < lines * 3 * 0.7, `read as Latin-1: ${quick} of ${lines * 3}`);
});

test('the Latin-1 path refuses what only the plain path can decide', () => {
  const ok = JSON.stringify({ id: 'é', prompt: [{ role: 'user', content: 'naïve' }], baseline: { model: 'm', messages: [] }, trained: { model: 'n', messages: [] } });
  assert.ok(latin1Canonical(0, 1, Buffer.from(ok), 'summaries'));
  const refused = {
    bom: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ok)]),
    escape: Buffer.from(ok.replace('naïve', 'na\\u00efve')),
    'invalid UTF-8': Buffer.concat([Buffer.from(ok.slice(0, 20)), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(ok.slice(20))]),
    'not canonical': Buffer.from(ok.replace('"baseline"', '"basé"')),
    'a parse warning': Buffer.from(ok.replace('{', '{"__proto__":1,')),
    'not JSON': Buffer.from(ok.slice(0, -1)),
  };
  for (const [why, bytes] of Object.entries(refused)) assert.equal(latin1Canonical(0, 1, bytes, 'summaries'), undefined, why);
});

test('other formats: an ASCII line read as Latin-1 gives what the plain path gives', () => {
  const hh = adapters.hh;
  const lines = [
    '{"chosen":"\\n\\nHuman: What is 2+2?\\n\\nAssistant: 4.","rejected":"\\n\\nHuman: What is 2+2?\\n\\nAssistant: 5."}',
    '{"chosen":"\\n\\nHuman: caf\\u00e9?\\n\\nAssistant: \\ud83d\\ude42","rejected":"\\n\\nHuman: caf\\u00e9?\\n\\nAssistant: \\ud83d"}',
    '{"chosen":"\\n\\nHuman: café?\\n\\nAssistant: 東京","rejected":"\\n\\nHuman: café?\\n\\nAssistant: no"}',
    '{"chosen":1}',
    '{"chosen":"unterminated',
  ];
  for (const [k, line] of lines.entries()) {
    const bytes = Buffer.from(line);
    for (const mode of modes) assert.deepStrictEqual(scanEntry(hh, 'f.jsonl', k, k + 1, bytes, mode), plain(hh, k, k + 1, bytes, mode), `${mode}: ${line}`);
  }
});
