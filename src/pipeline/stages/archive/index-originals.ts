import type { ArchiveIndex, RecordOutcome } from '../../../archive/archive-index.js';
import type { ArchiveDocument, JournalEvent } from '../../../domain/archive-record.js';
import type { StoredOriginal } from '../../analysis.js';

export interface IndexedOriginal {
  id: string;
  outcome: RecordOutcome;
  /**
   * True when this copy's classification is the message's (see `RecordResult`): its follow-up
   * work (notices) is due. A later copy of a message already classified triggers nothing again.
   */
  classifiedByThisCopy: boolean;
  document: ArchiveDocument;
}

/**
 * The second half of archiving: index each stored original with this copy's journal event. The
 * index merges recipients into a message already archived and keeps every event, so the same
 * original journaled many times is one message (single-instance storage).
 */
export function createIndexStage(deps: {
  index: ArchiveIndex;
  /**
   * Runs after each original is recorded, for every copy (a later copy may add recipients a hold
   * names): the ledger entry, the retention assignment, the holds. Idempotent, so a re-run job
   * completes what a crash interrupted before the spooled copy is removed.
   */
  afterRecord?: (document: ArchiveDocument) => Promise<void>;
}) {
  return async function indexOriginals(
    originals: readonly StoredOriginal[],
    event: Omit<JournalEvent, 'role'>,
  ): Promise<IndexedOriginal[]> {
    const primaryId = originals.find((o) => o.role === 'primary')?.document.id ?? null;
    const indexed: IndexedOriginal[] = [];
    for (const original of originals) {
      const document: ArchiveDocument = {
        ...original.document,
        receivedAt: event.envelope.receivedAt,
        decryptedCopyOf: original.role === 'decrypted-copy' ? primaryId : null,
      };
      const { outcome, classifiedByThisCopy } = await deps.index.record(document, { ...event, role: original.role });
      if (deps.afterRecord) await deps.afterRecord(document);
      indexed.push({ id: original.document.id, outcome, classifiedByThisCopy, document });
    }
    return indexed;
  };
}
