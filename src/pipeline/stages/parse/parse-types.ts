import type { AddressEntry, AttachmentSummary, MessageFlag } from '../../../domain/archive-record.js';

/**
 * Bounds on what the parse stage does with one original. They are the `pipeline` settings of
 * the config (see `src/config/schema.ts`), passed in so the stage stays a pure function.
 */
export interface ParseLimits {
  /** Larger originals are not parsed at all and are flagged `oversize-not-parsed`. Config default 50 MiB. */
  maxParseBytes: number;
  /** Attachment summaries kept per message; the rest are flagged `attachments-truncated`. Config default 500. */
  maxAttachments: number;
  /** Deepest MIME nesting parsed (the top-level part is depth 0); deeper → `mime-too-deep`. Config default 30. */
  maxMimeDepth: number;
  /** UTF-8 bytes of text kept per text-like attachment. Config default 1 MiB. */
  maxAttachmentTextBytes: number;
  /** UTF-8 bytes of body text kept per message. Config default 4 MiB. */
  maxBodyTextBytes: number;
}

/**
 * The parts of an `ArchiveDocument` that the original message alone determines. Plain data only
 * (no Buffers, Dates or class instances) so it crosses a worker-thread boundary by structured clone.
 */
export interface ParsedOriginal {
  /** Message-ID without angle brackets, lower-cased; null when absent. */
  messageId: string | null;
  /** Decoded Subject; null when absent. */
  subject: string | null;
  /** ISO-8601 from the Date header; null when absent or unparseable. */
  sentAt: string | null;
  /** Header roles only (from, sender, reply-to, to, cc, bcc), groups flattened. */
  addresses: AddressEntry[];
  bodyText: string;
  attachments: AttachmentSummary[];
  flags: MessageFlag[];
}
