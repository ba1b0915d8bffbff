import type { AddressEntry } from '../domain/archive-record.js';
import type { ExtractionStatus } from '../domain/classification.js';

/** An authentication method's outcome, as RFC 8601 names them; `none` when no result was found. */
export type AuthOutcome = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror' | 'policy';

/** Authentication results the rules can use. */
export interface AuthView {
  /** From the upstream `Authentication-Results` header of a trusted authserv-id. */
  spf: AuthOutcome;
  dkim: AuthOutcome;
  dmarc: AuthOutcome;
  arc: AuthOutcome;
  /** Custodian's own DKIM verification; `temperror` when DNS was unreachable, `none` when unsigned or off. */
  dkimVerified: AuthOutcome;
}

export interface AttachmentView {
  /** File name with its path inside archives (`a.zip/b/c.docx`); null when the part had none. */
  name: string | null;
  /** Content-Type the sender declared, lower-cased, without parameters. */
  declaredType: string;
  /** Type sniffed from the content's magic bytes; null when unknown. */
  detectedType: string | null;
  size: number;
  /** Extracted text (bounded); null when none could be extracted. */
  text: string | null;
  extraction: ExtractionStatus;
}

/**
 * Everything the rules look at in one message, as plain data (it crosses worker threads and is
 * built from rule examples in tests). Text fields are bounded by the parse limits.
 */
export interface MessageView {
  /** Every header field in order: name lower-cased, value unfolded and RFC 2047-decoded. */
  headers: ReadonlyArray<{ name: string; value: string }>;
  /** The true envelope (journal report or SMTP), addresses lower-cased. */
  envelope: { sender: string | null; recipients: readonly string[] };
  /** Header addresses with display names (from, sender, reply-to, to, cc, bcc). */
  addresses: readonly AddressEntry[];
  subject: string;
  /** Plain body text (HTML converted when there is no plain part). */
  text: string;
  /** The HTML body as sent; '' when none. */
  html: string;
  /** URLs found in the text and in HTML links, deduplicated. */
  urls: readonly string[];
  attachments: readonly AttachmentView[];
  /** Size of the original in bytes. */
  size: number;
  auth: AuthView;
}
