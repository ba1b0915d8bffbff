import { StringDecoder } from 'node:string_decoder';

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
  return parseRecords(text, newParseState(), { final: true, offset: 0 }).records;
}

/**
 * Reads RFC 4180 text (UTF-8 bytes, or strings) one record at a time, as `parseCsv` parses it
 * whole: only the record being read is held (a quoted cell may span chunks and lines). A record
 * longer than `maxRecordChars` is refused rather than buffered without end. @throws CsvSyntaxError
 */
export async function* readCsvRecords(input: AsyncIterable<Buffer | string>, options: { maxRecordChars?: number } = {}): AsyncGenerator<string[]> {
  const maxRecordChars = options.maxRecordChars ?? 16 * 2 ** 20;
  const decoder = new StringDecoder('utf8');
  const state = newParseState();
  let carry = '';
  let offset = 0;
  for await (const chunk of input) {
    const text = carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    const { records, consumed } = parseRecords(text, state, { final: false, offset });
    carry = text.slice(consumed);
    offset += consumed;
    if (state.recordChars + state.cell.length > maxRecordChars) throw new CsvSyntaxError(`a record longer than ${maxRecordChars} characters before offset ${offset}`);
    yield* records;
  }
  yield* parseRecords(carry + decoder.end(), state, { final: true, offset }).records;
}

/** Where the parse of a text given in pieces stands between two pieces: the record and cell being read. */
interface ParseState {
  record: string[];
  /** Characters in `record`'s cells so far. */
  recordChars: number;
  cell: string;
  quoted: boolean;
}

function newParseState(): ParseState {
  return { record: [], recordChars: 0, cell: '', quoted: false };
}

/**
 * The records that end in `text`, the cell parsing both readers share, carrying a record that does
 * not end in `state`. Unless `final`, stops before a quote or CR that is the last character (the
 * next one decides what it means) and says how much of `text` it consumed; the caller passes the
 * rest again with the next piece. `offset` is where `text` starts in the whole, for error messages.
 */
function parseRecords(text: string, state: ParseState, { final, offset }: { final: boolean; offset: number }): { records: string[][]; consumed: number } {
  const records: string[][] = [];
  let i = 0;
  const endCell = () => {
    state.record.push(state.cell);
    state.recordChars += state.cell.length;
    state.cell = '';
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (!final && i + 1 === text.length && (c === '"' || c === '\r')) return { records, consumed: i };
    if (state.quoted) {
      if (c === '"' && text[i + 1] === '"') {
        state.cell += '"';
        i += 2;
      } else if (c === '"') {
        state.quoted = false;
        i += 1;
        if (i < text.length && !',\r\n'.includes(text[i] as string)) throw new CsvSyntaxError(`text after a closing quote at offset ${offset + i}`);
      } else {
        state.cell += c;
        i += 1;
      }
    } else if (c === '"' && state.cell === '') {
      state.quoted = true;
      i += 1;
    } else if (c === ',') {
      endCell();
      i += 1;
    } else if (c === '\r' && text[i + 1] === '\n') {
      endCell();
      records.push(state.record);
      state.record = [];
      state.recordChars = 0;
      i += 2;
    } else if (c === '"' || c === '\r' || c === '\n') {
      throw new CsvSyntaxError(`unexpected ${JSON.stringify(c)} in an unquoted cell at offset ${offset + i}`);
    } else {
      state.cell += c;
      i += 1;
    }
  }
  if (final) {
    if (state.quoted) throw new CsvSyntaxError('unterminated quoted cell');
    if (state.cell !== '' || state.record.length > 0) {
      endCell();
      records.push(state.record);
      state.record = [];
      state.recordChars = 0;
    }
  }
  return { records, consumed: text.length };
}
