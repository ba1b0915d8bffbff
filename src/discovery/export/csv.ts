/**
 * One RFC 4180 record: cells with a comma, quote, CR or LF are quoted, quotes doubled; CRLF ends
 * the record.
 */
export function csvRecord(cells: readonly string[]): string {
  return `${cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(',')}\r\n`;
}

/** A CSV text that is not well-formed RFC 4180. */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
}

/**
 * Parses RFC 4180 text (quoted cells may hold commas, quotes and line breaks) into records; a
 * final record without its CRLF is accepted. @throws CsvSyntaxError
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
        if (i < text.length && !',\r\n'.includes(text[i] as string)) throw new CsvSyntaxError(`text after a closing quote at offset ${i}`);
      } else {
        cell += c;
        i += 1;
      }
    } else if (c === '"' && cell === '') {
      quoted = true;
      i += 1;
    } else if (c === ',') {
      record.push(cell);
      cell = '';
      i += 1;
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i += 2;
    } else if (c === '"' || c === '\r' || c === '\n') {
      throw new CsvSyntaxError(`unexpected ${JSON.stringify(c)} in an unquoted cell at offset ${i}`);
    } else {
      cell += c;
      i += 1;
    }
  }
  if (quoted) throw new CsvSyntaxError('unterminated quoted cell');
  if (cell !== '' || record.length > 0) records.push([...record, cell]);
  return records;
}
