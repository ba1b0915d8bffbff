import { loadCorpus as loadTestCorpus, SPAMASSASSIN_CORPUS } from '../../test/support/corpora.js';
import { wireForm } from '../../test/support/smtp-client.js';

/** One message of the public SpamAssassin corpus, as an SMTP receiver would get it. */
export interface CorpusMessage {
  /** `<folder>/<file>` inside the corpus, for reports. */
  name: string;
  /** The message without its mbox `From ` line, line endings CRLF, ending in CRLF. */
  wire: Buffer;
}

/**
 * The 6,046-message SpamAssassin corpus in a stable order, in wire form. Real mail rather than
 * generated text, because parse cost depends on exactly that mess. The same loader the tests use.
 */
export function loadCorpus(): CorpusMessage[] {
  const loaded = loadTestCorpus(SPAMASSASSIN_CORPUS);
  if ('skip' in loaded) throw new Error(loaded.skip);
  return loaded.messages.map((m) => ({ name: m.name, wire: wireForm(m.bytes) }));
}
