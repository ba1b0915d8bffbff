import type { AddressField, JournalSource } from '../../domain/archive-record.js';
import type { Classification } from '../../domain/classification.js';

/** What retention scopes look at in one archived message, read from its stored record. */
export interface MessageFacts {
  /** Archive id. */
  id: string;
  /** Epoch ms of the first receipt: periods run from here. */
  receivedAt: number;
  addresses: Array<{ field: AddressField; address: string }>;
  /** The journal source of every received copy. */
  journalSources: JournalSource[];
  spamVerdict: Classification['spam']['verdict'];
  /** 1 low … 4 critical; null when no DLP rule fired. */
  dlpSeverityRank: number | null;
  /** Lower-cased. */
  tags: string[];
  ruleIds: string[];
  /** Detected (magic-byte) MIME types of the attachments, lower-cased. */
  attachmentTypes: string[];
}
