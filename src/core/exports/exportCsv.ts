import { sharedName } from '../labels/steps';
import { stringify } from 'csv-stringify/sync';
import type { ItemExporter } from './exportFormat';

export const csvColumns = ['item', 'annotator', 'side', 'trait', 'kind', 'value', 'severity', 'message', 'field', 'tool_call_id', 'start', 'end', 'quote', 'note', 'view_ms'] as const;

type CsvRow = Record<(typeof csvColumns)[number], string | number>;

/**
 * RFC 4180 (CRLF line ends, fields quoted when they hold a comma, quote or line break).
 * Transcript text is untrusted and this file is opened in spreadsheets: cells starting with
 * = + - @ tab or CR get a leading ' so they are not run as formulas (OWASP "CSV injection");
 * numbers are left alone. A bare CR or LF must be quoted too (csv-stringify only quotes the
 * record delimiter, CRLF): unquoted, it starts a new row whose first cell is not defused. A cell
 * holding `;` is quoted too, and a formula prefix right after a `;` gets the same leading ':
 * spreadsheets in locales whose list separator is `;` split lines there, quotes or not, and the
 * part after it (`a;=HYPERLINK(…)`) would start a cell of its own.
 */
const csvOptions = {
  record_delimiter: 'windows',
  escape_formulas: true,
  quoted_match: /[\r\n;]/,
  cast: { string: (value: string) => value.replace(/;(\s*)(?=[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20])/g, ";$1'") },
} as const;

/** `csv`: one row per span or verdict, for spreadsheets. Spans have value `violation`. */
export function csvExporter(): ItemExporter {
  return {
    begin: () => stringify([[...csvColumns]], csvOptions),
    item(item, labels) {
      const rows: CsvRow[] = [];
      for (const { annotator, labels: events } of labels) {
        for (const e of events) {
          if (e.kind === 'verdict') {
            rows.push({ item: item.id, annotator, side: e.side, trait: e.trait, kind: 'verdict', value: e.value, severity: '', message: '', field: '', tool_call_id: '', start: '', end: '', quote: '', note: '', view_ms: e.viewMs ?? '' });
          } else if (e.kind === 'span') {
            rows.push({
              item: item.id,
              annotator,
              // A span in the shared prompt: `message` counts in the item's prompt.
              side: e.in === 'prompt' ? sharedName : e.side,
              trait: e.trait,
              kind: 'span',
              value: 'violation',
              severity: e.severity ?? '',
              message: e.message,
              field: e.field,
              tool_call_id: e.toolCallId ?? '',
              start: e.start,
              end: e.end,
              quote: e.quote,
              note: e.note ?? '',
              view_ms: e.viewMs ?? '',
            });
          }
        }
      }
      return rows.length > 0 ? stringify(rows, { ...csvOptions, columns: [...csvColumns] }) : '';
    },
    summary: () => undefined,
  };
}
