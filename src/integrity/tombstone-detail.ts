import type { Tombstone } from '../domain/deletion.js';
import type { LedgerDetail } from './ledger-entry.js';

/** The `detail` of a `deleted` entry: every tombstone field except `messageId` and `size`, which are entry fields. */
export function tombstoneDetail(tombstone: Tombstone): LedgerDetail {
  return {
    receivedAt: tombstone.receivedAt,
    reason: tombstone.reason,
    policyId: tombstone.policyId,
    requestId: tombstone.requestId,
    actor: tombstone.actor,
    deletedAt: tombstone.deletedAt,
  };
}
