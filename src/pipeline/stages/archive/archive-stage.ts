import type { ArchiveIndex, RecordOutcome } from '../../../archive/archive-index.js';
import type { BlobStore } from '../../../archive/blob-store.js';
import type { JournalEvent } from '../../../domain/archive-record.js';
import type { AnalysedOriginal } from '../../analysis.js';

export interface ArchivedOriginal {
  id: string;
  outcome: RecordOutcome;
}

/**
 * The archive stage: store each original's exact bytes under their SHA-256, then index it with
 * this copy's journal event. The blob is durable before the index names it, so an indexed message
 * always has its bytes. Re-running (a retry, a second journal copy) stores nothing twice: the blob
 * put is a no-op and the index merges recipients and keeps the event.
 */
export function createArchiveStage(deps: { blobs: BlobStore; index: ArchiveIndex }) {
  return async function archive(
    originals: readonly AnalysedOriginal[],
    event: Omit<JournalEvent, 'role'>,
  ): Promise<ArchivedOriginal[]> {
    const primaryId = originals.find((o) => o.role === 'primary')?.document.id ?? null;
    const archived: ArchivedOriginal[] = [];
    for (const original of originals) {
      await deps.blobs.put(original.document.id, original.bytes);
      const outcome = await deps.index.record(
        {
          ...original.document,
          receivedAt: event.envelope.receivedAt,
          decryptedCopyOf: original.role === 'decrypted-copy' ? primaryId : null,
        },
        { ...event, role: original.role },
      );
      archived.push({ id: original.document.id, outcome });
    }
    return archived;
  };
}
