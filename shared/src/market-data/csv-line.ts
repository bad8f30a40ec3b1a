// Splits text into numbered CSV lines and a line into fields. Handles LF and CRLF, a UTF-8 BOM, and
// RFC 4180 double-quoted fields ("a,b" and "" escapes) within one line.
// Known limit: a quoted field cannot span lines (OHLCV files never need it).

/** A physical line and its 1-based number. */
export interface NumberedLine {
  number: number;
  text: string;
}

/** Yields each line of `source` (text or already-split lines) without its line terminator. */
export function* numberedLines(source: string | Iterable<string>): Generator<NumberedLine> {
  const lines = typeof source === 'string' ? source.split('\n') : source;
  let number = 0;
  for (let text of lines) {
    number++;
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (number === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
    yield { number, text };
  }
}

/** The fields of one line, or null when a quoted field is not closed. */
export function splitFields(line: string, delimiter: string): string[] | null {
  if (!line.includes('"')) return line.split(delimiter);
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (line[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}
