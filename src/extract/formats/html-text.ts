import { htmlToTextGuarded } from '../../pipeline/stages/parse/html-text.js';
import { maxHtmlCharsForBody } from '../../pipeline/stages/parse/parser-options.js';
import type { TextSink } from '../text-sink.js';

/** Thrown when HTML cannot be converted safely (nested too deeply for html-to-text). */
export class HtmlNotConvertible extends Error {
  override readonly name = 'HtmlNotConvertible';
}

/**
 * Text of an HTML file through the parse stage's guarded html-to-text conversion. Only as much
 * markup as the body parser would convert for the same text budget is read.
 */
export async function htmlText(bytes: Uint8Array, sink: TextSink, maxBytes: number): Promise<void> {
  const maxChars = maxHtmlCharsForBody(maxBytes);
  const prefix = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, maxChars));
  const text = await htmlToTextGuarded(new TextDecoder('utf-8').decode(prefix), maxChars);
  if (text === null) throw new HtmlNotConvertible('HTML is nested too deeply to convert safely');
  sink.push(text);
  if (prefix.length < bytes.byteLength) sink.markTruncated();
}
