import type { JournalEnvelope, MessageFlag } from '../../../domain/archive-record.js';
import type { SmtpEnvelope } from '../../../domain/envelope.js';

/** One original message recovered from a received copy. */
export interface UnjournalOriginal {
  /**
   * The original's bytes: an exact slice of the received buffer when it was carried unencoded
   * (or is the whole received message), the decoded bytes when the journal report carried it
   * base64 or quoted-printable encoded.
   */
  bytes: Buffer;
  /** `decrypted-copy` for the second original of a rights-protected (IRM) journal report. */
  role: 'primary' | 'decrypted-copy';
}

/** What the unjournal stage makes of one received message. */
export interface UnjournalResult {
  journal: JournalEnvelope;
  /** Never empty: when nothing else can be trusted, the whole received message is the original. */
  originals: UnjournalOriginal[];
  flags: MessageFlag[];
}

/** Options of {@link createUnjournalStage}. */
export interface UnjournalStageOptions {
  /**
   * The archive's own mailbox addresses (the journaling or BCC target). They are never counted
   * as recipients, and `local+user=domain@host` forms of them stand for `user@domain`.
   * No default: an empty list means no address is treated as the archive's.
   */
  archiveAddresses: string[];
  /**
   * Client addresses or CIDR ranges whose journal reports are believed. A report is a claim about
   * who sent and received a message; from anyone else (or any client not authenticated with SMTP
   * AUTH) it is archived as a plain BCC copy, whole, and flagged `journal-report-untrusted`.
   */
  journalReportSources: string[];
}

/** The stage function: never throws on message content. */
export type UnjournalStage = (raw: Buffer, envelope: SmtpEnvelope) => Promise<UnjournalResult>;
