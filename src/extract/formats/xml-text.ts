import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';

/** What a format does with the XML events of one part. Names are local (prefix removed). */
export interface XmlTextHandler {
  open(name: string, attributes: Readonly<Record<string, string>>): void;
  close(name: string): void;
  text(value: string): void;
}

/**
 * Streams an XML part through saxes, chunk by chunk as it is inflated, so a 90 MB worksheet never
 * sits in memory as one string. Stops reading (and so inflating) as soon as `done()` is true.
 * saxes expands no DTD entities, so entity-expansion bombs are errors, not gigabytes; malformed
 * XML throws (saxes's default without an error handler) and fails the file with saxes's message.
 */
export async function streamXml(chunks: AsyncIterable<Buffer>, handler: XmlTextHandler, done: () => boolean): Promise<void> {
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => handler.open(localName(tag.name), tag.attributes));
  parser.on('closetag', (tag) => handler.close(localName(tag.name)));
  parser.on('text', (value) => handler.text(value));
  parser.on('cdata', (value) => handler.text(value));
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    parser.write(decoder.write(chunk));
    if (done()) return;
  }
  parser.write(decoder.end());
  parser.close();
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}
