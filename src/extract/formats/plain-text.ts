import type { TextSink } from '../text-sink.js';

/**
 * Decodes text as UTF-8, or UTF-16 when a byte-order mark says so. Only a prefix is decoded: a
 * UTF-16 character takes at most 4 bytes and yields at least 1 UTF-8 byte, so `4 × maxBytes`
 * input bytes always fill the budget; a 25 MiB log file is not decoded whole for 1 MiB of text.
 */
export function plainText(bytes: Uint8Array, sink: TextSink, maxBytes: number): void {
  const prefix = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, maxBytes * 4));
  const cut = prefix.length < bytes.byteLength;
  const encoding = prefix[0] === 0xff && prefix[1] === 0xfe ? 'utf-16le' : prefix[0] === 0xfe && prefix[1] === 0xff ? 'utf-16be' : 'utf-8';
  // TextDecoder drops the BOM and replaces malformed sequences (Latin-1 text stays readable as
  // U+FFFD-marked words rather than failing the file).
  sink.push(new TextDecoder(encoding).decode(prefix));
  if (cut) sink.markTruncated();
}
