import type { ArchiveDocument, JournalEnvelope, MessageFlag } from '../domain/archive-record.js';
import type { SmtpEnvelope } from '../domain/envelope.js';

/** One original found in a received copy, analysed and ready to archive. */
export interface AnalysedOriginal {
  role: 'primary' | 'decrypted-copy';
  /** The original's exact bytes. */
  bytes: Buffer;
  /** Everything the index needs except receipt time and relations, which the archive stage adds. */
  document: Omit<ArchiveDocument, 'receivedAt' | 'decryptedCopyOf'>;
}

/** What the CPU-bound stages (unjournal, parse) make of one received message. */
export interface Analysis {
  journal: JournalEnvelope;
  originals: AnalysedOriginal[];
}

/** Runs unjournal and parse on a received message, usually in a worker thread. */
export type Analyse = (raw: Buffer, envelope: SmtpEnvelope) => Promise<Analysis>;

/** Flags that apply to every original of a received copy (e.g. a malformed journal report). */
export function withFlags(document: AnalysedOriginal['document'], flags: readonly MessageFlag[]): AnalysedOriginal['document'] {
  return flags.length === 0 ? document : { ...document, flags: [...flags, ...document.flags] };
}
