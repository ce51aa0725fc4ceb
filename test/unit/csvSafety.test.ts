import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import type { AddEvent, AddDraft } from '../../src/core/labels/labelEvent';
import type { ReviewItem } from '../../src/core/schema';
import { createExporter } from '../../src/core/exports/exportRegistry';
import { csvColumns } from '../../src/core/exports/exportCsv';

// Every cell of the CSV export, read back by a real parser, must be one cell that a spreadsheet
// does not run as a formula, whatever line breaks and prefixes the labels hold.

const hostile = ['=cmd|\'/C calc\'!A0', '@SUM(1)\n=2', '\r=1+1', 'ok\n=cmd|\'/C calc\'!A0', 'a\rb\r\n+c', '-2+3', '\t=1', '+1', '＝1'];

function item(id: string): ReviewItem {
  return {
    id,
    prompt: [{ role: 'user', content: 'q' }],
    sides: [
      { name: 'baseline', model: 'm', messages: [{ role: 'assistant', content: 'answer' }] },
      { name: 'trained', model: 'n', messages: [{ role: 'assistant', content: 'answer' }] },
    ],
    metadata: {},
  };
}

let next = 0;
const ev = (draft: AddDraft): AddEvent => ({ v: 1, op: 'add', id: `e${next++}`, at: '2026-11-23T08:00:00.000Z', annotator: 'ana', ...draft }) as AddEvent;

const formulaStart = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

test('csv: cells with CR, LF or a formula prefix parse back as one defused cell each', () => {
  const exporter = createExporter('csv');
  let text = exporter.begin();
  const expected: string[][] = [];
  for (const h of hostile) {
    const it = item(h);
    const span = ev({ kind: 'span', item: h, side: 'baseline', message: 0, field: 'content', toolCallId: h, start: 0, end: 6, quote: h, trait: h, note: h } as AddDraft);
    text += exporter.item(it, [{ annotator: h, labels: [span] }]);
    expected.push([h, h, 'baseline', h, 'span', 'violation', '', '0', 'content', h, '0', '6', h, h, '']);
  }
  // Spreadsheets end a row at a bare CR or LF too, not only at CRLF: parse as they do.
  const rows = parse(text, { record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
  assert.deepEqual(rows[0], [...csvColumns]);
  assert.equal(rows.length, 1 + hostile.length, 'no line break inside a cell starts a new row');
  rows.slice(1).forEach((row, r) => {
    assert.equal(row.length, csvColumns.length);
    row.forEach((cell, c) => {
      const numeric = csvColumns[c] === 'start' || csvColumns[c] === 'end' || csvColumns[c] === 'message';
      if (!numeric) assert.doesNotMatch(cell, formulaStart, `row ${r + 1} ${csvColumns[c]}: ${JSON.stringify(cell)}`);
      // Defusing adds one leading quote and nothing else: the text is still all there.
      const want = expected[r]![c]!;
      assert.equal(cell.replace(/^'/, ''), want.replace(/^'/, ''), `row ${r + 1} ${csvColumns[c]}`);
    });
  });
});

test('csv: a cell holding `;` is quoted, so a spreadsheet whose list separator is `;` keeps it one defused cell', () => {
  const exporter = createExporter('csv');
  const h = 'fine;=HYPERLINK("http://x","y")';
  const span = ev({ kind: 'span', item: 'i', side: 'baseline', message: 0, field: 'content', start: 0, end: 1, quote: h, trait: 't', note: 'n' } as AddDraft);
  const text = exporter.begin() + exporter.item(item('i'), [{ annotator: 'ana', labels: [span] }]);
  // Read as a `;`-separated file: the quoted cell stays whole and no cell starts a formula.
  const rows = parse(text, { delimiter: ';', relax_quotes: true, relax_column_count: true }) as string[][];
  for (const cell of rows.flat()) assert.doesNotMatch(cell, /^=/, `a live formula: ${cell}`);
  assert.ok(text.includes(`"fine;'=HYPERLINK(""http://x"",""y"")"`), text);
});
