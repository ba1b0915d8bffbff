import type { ArchiveIndex, RecordOutcome } from '../../../archive/archive-index.js';
import type { JournalEvent } from '../../../domain/archive-record.js';
import type { StoredOriginal } from '../../analysis.js';

export interface IndexedOriginal {
  id: string;
  outcome: RecordOutcome;
}

/**
 * The second half of archiving: index each stored original with this copy's journal event. The
 * index merges recipients into a message already archived and keeps every event, so the same
 * original journaled many times is one message (single-instance storage).
 */
export function createIndexStage(deps: { index: ArchiveIndex }) {
  return async function indexOriginals(
    originals: readonly StoredOriginal[],
    event: Omit<JournalEvent, 'role'>,
  ): Promise<IndexedOriginal[]> {
    const primaryId = originals.find((o) => o.role === 'primary')?.document.id ?? null;
    const indexed: IndexedOriginal[] = [];
    for (const original of originals) {
      const outcome = await deps.index.record(
        {
          ...original.document,
          receivedAt: event.envelope.receivedAt,
          decryptedCopyOf: original.role === 'decrypted-copy' ? primaryId : null,
        },
        { ...event, role: original.role },
      );
      indexed.push({ id: original.document.id, outcome });
    }
    return indexed;
  };
}
