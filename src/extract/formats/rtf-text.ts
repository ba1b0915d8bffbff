import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import { Tokenize } from 'rtf-stream-parser';
import type { FeatureHandler } from 'rtf-stream-parser/dist/src/features/types.js';
import type { ProcessTokensGlobalState } from 'rtf-stream-parser/dist/src/ProcessTokens.types.js';
// rtf-stream-parser's index exports only the de-encapsulator (for Outlook's HTML-in-RTF); its
// plain-text processor is complete but reachable only by its module path.
import { ToPlainText } from 'rtf-stream-parser/dist/src/ToPlainText.js';
import type { TextSink } from '../text-sink.js';

/**
 * Destinations ToPlainText would print but which hold no document text: pictures and embedded
 * objects are hex dumps (Word writes `{\nonshppict{\pict …}}` without the `\*` that marks a
 * destination as skippable), and `\info` is metadata run together without separators.
 */
const HIDDEN_DESTINATIONS = ['pict', 'objdata', 'info', 'datastore', 'themedata', 'xmlnstbl'];

const documentText: FeatureHandler<ProcessTokensGlobalState> = {
  outputDataFilter: (global) => {
    const destinations = global._state.allDestinations;
    return destinations !== undefined && HIDDEN_DESTINATIONS.some((name) => destinations[name] === true) ? true : undefined;
  },
  // Table cells and rows, and section or page breaks, would otherwise run words together.
  controlHandlers: {
    cell: (global) => global._pushOutput('\t'),
    row: (global) => global._pushOutput('\n'),
    page: (global) => global._pushOutput('\n'),
    sect: (global) => global._pushOutput('\n'),
  },
};

/** Text of an RTF document: rtf-stream-parser's tokenizer and plain-text processor, ANSI code pages via iconv-lite. */
export async function rtfText(bytes: Uint8Array, sink: TextSink, signal?: AbortSignal): Promise<void> {
  const toText = new ToPlainText({ decode: (buffer, encoding) => iconv.decode(buffer, encoding), warn: () => undefined });
  toText._featureHandlers.push(documentText);
  const collect = new Writable({
    objectMode: true,
    write(chunk: string, _encoding, done) {
      sink.push(chunk);
      // Ending the pipeline early once the budget is spent: the rest of the document is not parsed.
      done(sink.full ? new TextBudgetSpent() : undefined);
    },
  });
  try {
    await pipeline(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), new Tokenize(), toText, collect, { signal });
  } catch (error) {
    if (!(error instanceof TextBudgetSpent)) throw error;
  }
}

class TextBudgetSpent extends Error {}
