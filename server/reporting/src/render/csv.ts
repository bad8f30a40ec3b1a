// CSV output: the report's csvTable with a header row, RFC 4180 quoting (csv-stringify), CRLF line
// ends and a UTF-8 byte order mark so spreadsheet programs pick the right encoding. Cells that a
// spreadsheet would run as a formula (=, +, -, @ followed by a non-number) are prefixed with a
// quote, the usual CSV-injection guard; numbers like "-12.34" stay numbers.
import { stringify } from 'csv-stringify/sync';
import type { ReportContent } from '../domain/report-content.js';

const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

/** A cell made safe to open in a spreadsheet. */
export function safeCell(cell: string): string {
  return FORMULA.test(cell) && !NUMBER.test(cell) ? `'${cell}` : cell;
}

/** The CSV bytes of a report. */
export function renderCsv(content: ReportContent): Buffer {
  const table = content.tables[content.csvTable];
  if (!table) throw new RangeError('the report has no table for its CSV output');
  const text = stringify([table.columns.map((column) => column.label), ...table.rows.map((row) => row.map(safeCell))], { record_delimiter: '\r\n' });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
