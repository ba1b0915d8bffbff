import type { Classification } from './classification.js';
import type { SmtpEnvelope } from './envelope.js';

/** How a copy reached us: which journaling format wrapped it. */
export type JournalSource = 'exchange-envelope' | 'exchange-2003' | 'bcc-copy';

/**
 * The role an address played for one message. Header roles come from the original's own
 * headers; `envelope` recipients are those only the SMTP or journal envelope revealed.
 */
export type AddressField = 'from' | 'sender' | 'reply-to' | 'to' | 'cc' | 'bcc' | 'envelope' | 'journal-sender' | 'on-behalf-of';

/** A recipient taken from a journal report or a BCC copy's envelope. */
export interface JournalRecipient {
  /** Lower-cased address. */
  address: string;
  /** `to`, `cc`, `bcc` as the journal report says; `envelope` when the report does not say. */
  kind: 'to' | 'cc' | 'bcc' | 'envelope';
  /** The distribution list this recipient was expanded from (Exchange `, Expanded: <list>`). */
  expandedFrom?: string;
  /** The original recipient whose mail was forwarded here (Exchange `, Forwarded: <addr>`). */
  forwardedFrom?: string;
}

/** The true envelope recovered from one received copy. */
export interface JournalEnvelope {
  source: JournalSource;
  /** Who sent the original, as the journal report (or MAIL FROM for BCC copies) says. */
  sender: string | null;
  onBehalfOf: string | null;
  /** Message-ID the report names, without angle brackets, if any. */
  reportedMessageId: string | null;
  /** Subject the report names, if any. */
  reportedSubject: string | null;
  recipients: JournalRecipient[];
}

/** One occasion a copy of an archived message was received. Kept for every copy. */
export interface JournalEvent {
  spoolId: string;
  /** SHA-256 of the whole received message (wrapper included). */
  receivedSha256: string;
  envelope: SmtpEnvelope;
  journal: JournalEnvelope;
  /** `primary`, or `decrypted-copy` for the second original of a rights-protected report. */
  role: 'primary' | 'decrypted-copy';
}

export interface AddressEntry {
  field: AddressField;
  /** Lower-cased address; empty when a header held only a display name. */
  address: string;
  name: string;
}

export interface AttachmentSummary {
  filename: string | null;
  contentType: string;
  size: number;
  sha256: string;
  /** Extracted text of text-like attachments, capped; null when none. */
  text: string | null;
}

/** Why a message is archived but could not be fully analysed. */
export type MessageFlag =
  | { flag: 'unparseable'; reason: string }
  | { flag: 'oversize-not-parsed'; reason: string }
  | { flag: 'attachments-truncated'; reason: string }
  | { flag: 'mime-too-deep'; reason: string }
  | { flag: 'journal-report-malformed'; reason: string }
  | { flag: 'journal-report-untrusted'; reason: string }
  /** Cluster profile: the message's text was too large for the search engine; only its start is indexed (the original is whole). */
  | { flag: 'text-truncated'; reason: string };

/** Everything searchable and displayable about one original message. */
export interface ArchiveDocument {
  /** SHA-256 hex of the original's exact bytes; the archive id. */
  id: string;
  size: number;
  messageId: string | null;
  subject: string | null;
  /** ISO-8601 from the Date header, null when absent or invalid. */
  sentAt: string | null;
  /** ISO-8601 time the first copy was received. */
  receivedAt: string;
  addresses: AddressEntry[];
  bodyText: string;
  attachments: AttachmentSummary[];
  flags: MessageFlag[];
  /** When this is the decrypted copy of a rights-protected message, the protected original's id. */
  decryptedCopyOf: string | null;
  /**
   * The spam and DLP verdict with its evidence. Status `error` when the rules could not run (the
   * message was not parsed, or the engine kept failing): never treated as clean.
   */
  classification: Classification;
}
