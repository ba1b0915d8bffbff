import type { ArchiveDocument, JournalEnvelope, MessageFlag } from '../domain/archive-record.js';
import type { SmtpEnvelope } from '../domain/envelope.js';

/** One original found in a received copy: analysed, its bytes already durable in the blob store. */
export interface StoredOriginal {
  role: 'primary' | 'decrypted-copy';
  /** Everything the index needs except receipt time and relations, which the index stage adds. */
  document: Omit<ArchiveDocument, 'receivedAt' | 'decryptedCopyOf'>;
}

/** What the worker-thread stages (unjournal, parse, store) make of one received message. */
export interface Analysis {
  /** SHA-256 of the whole received message, wrapper included: evidence of what arrived. */
  receivedSha256: string;
  journal: JournalEnvelope;
  originals: StoredOriginal[];
}

/** Runs unjournal, parse and store on a received message, in a worker thread. */
export type Analyse = (raw: Buffer, envelope: SmtpEnvelope) => Promise<Analysis>;

/** Flags that apply to every original of a received copy (e.g. a malformed journal report). */
export function withFlags(document: StoredOriginal['document'], flags: readonly MessageFlag[]): StoredOriginal['document'] {
  return flags.length === 0 ? document : { ...document, flags: [...flags, ...document.flags] };
}

