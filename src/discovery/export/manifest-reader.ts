import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { EXPORT_FORMATS, type ExportFormat } from './export-store.js';
import { manifestEntrySchema, type ManifestEntry } from './manifest-entry.js';

/** A `manifest.json` that is not JSON, not a manifest, or not laid out a line per entry as `ManifestWriters` writes it. */
export class ManifestFormatError extends Error {
  override readonly name = 'ManifestFormatError';
}

/** Longest line read (an entry with many recipients is still far shorter): a forged file cannot make the reader buffer without end. */
export const MAX_MANIFEST_LINE_CHARS = 16 * 2 ** 20;

const headerSchema = z.strictObject({
  type: z.literal('custodian-export-manifest/1'),
  exportId: z.string(),
  format: z.enum(EXPORT_FORMATS),
  messages: z.tuple([]),
});

const HEADER_END = '"messages":[';
const FOOTER = ']}';

/**
 * Reads `manifest.json` an entry at a time, in the layout `ManifestWriters` writes (and only that
 * one, so only one entry is in memory): the header object up to `"messages":[` on the first line,
 * then one entry per line, each but the last followed by a comma, then `]}` on a line of its own
 * and a final line break. Every entry is checked against the manifest schema; `onHeader` gets the
 * header before the first entry. Valid JSON in any other layout is refused too (the custody
 * record's hash pins the file's exact bytes anyway). @throws ManifestFormatError, or a read error
 */
export async function* readManifestJson(path: string, options: { onHeader?: (header: { exportId: string; format: ExportFormat }) => void } = {}): AsyncGenerator<ManifestEntry> {
  // open: after the header (an entry or the end may follow); more: after a comma; last: after an entry without one.
  let state: 'header' | 'open' | 'more' | 'last' | 'closed' | 'end' = 'header';
  let line = 0;
  for await (const text of lines(path)) {
    line += 1;
    const fail = (message: string): never => {
      throw new ManifestFormatError(`line ${line}: ${message}`);
    };
    switch (state) {
      case 'header': {
        if (!text.endsWith(HEADER_END)) fail(`not the manifest header line (ending ${JSON.stringify(HEADER_END)}) that Custodian writes`);
        const header = parseLine(`${text}${FOOTER}`, headerSchema, fail);
        options.onHeader?.({ exportId: header.exportId, format: header.format });
        state = 'open';
        break;
      }
      case 'open': case 'more': case 'last':
        if (text === FOOTER) {
          if (state === 'more') fail('a comma after the last entry');
          state = 'closed';
        } else {
          if (state === 'last') fail('an entry after one without a comma (one entry per line, comma-separated)');
          const comma = text.endsWith(',');
          const entry = parseLine(comma ? text.slice(0, -1) : text, manifestEntrySchema, fail);
          state = comma ? 'more' : 'last';
          yield entry;
        }
        break;
      case 'closed':
        if (text !== '') fail(`text after the closing ${JSON.stringify(FOOTER)}`);
        state = 'end';
        break;
      case 'end':
        fail(`text after the closing ${JSON.stringify(FOOTER)}`);
    }
  }
  if (state === 'closed') throw new ManifestFormatError(`line ${line}: no line break after the closing ${JSON.stringify(FOOTER)}`);
  if (state !== 'end') throw new ManifestFormatError(`line ${line}: the file ends before the closing ${JSON.stringify(FOOTER)}`);
}

function parseLine<T>(text: string, schema: z.ZodType<T>, fail: (message: string) => never): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fail(z.prettifyError(parsed.error));
}

/** The file's lines without their LF; the last is the text after the final LF ('' when the file ends with one). */
async function* lines(path: string): AsyncGenerator<string> {
  // The start of a line that spans chunks, in pieces (joined once its LF comes).
  let pieces: string[] = [];
  let pending = 0;
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    const text = chunk as string;
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      if (pending + end - start > MAX_MANIFEST_LINE_CHARS) throw new ManifestFormatError(`a line longer than ${MAX_MANIFEST_LINE_CHARS} characters`);
      const line = text.slice(start, end);
      yield pieces.length === 0 ? line : [...pieces, line].join('');
      pieces = [];
      pending = 0;
      start = end + 1;
    }
    if (start < text.length) {
      pieces.push(text.slice(start));
      pending += text.length - start;
      if (pending > MAX_MANIFEST_LINE_CHARS) throw new ManifestFormatError(`a line longer than ${MAX_MANIFEST_LINE_CHARS} characters`);
    }
  }
  yield pieces.join('');
}
