import type { BlobStore } from '../../archive/blob-store.js';
import type { AuditLog } from '../../audit/audit-log.js';
import { SYSTEM_SOURCE } from '../../audit/audit-source.js';
import type { DeletionOutcome, DeletionRefusal, Tombstone } from '../../domain/deletion.js';
import type { HoldChecker } from '../../holds/hold-checker.js';
import type { Ledger } from '../../integrity/ledger.js';
import type { ErasureProtection } from '../erasure-protection.js';
import type { DeletionContext, MessageDeleter } from '../message-deleter.js';
import type { TombstoneStore } from './tombstone-store.js';

export interface ArchiveMessageDeleterDeps {
  tombstones: TombstoneStore;
  blobs: BlobStore;
  holds: HoldChecker;
  /** Asked for erasures only: retention deletes at the end of the period it set. */
  protection: ErasureProtection;
  ledger: Ledger;
  audit: AuditLog;
  /** Default: the system clock. */
  now?: () => Date;
  /** Blob removals in flight at once. Default 16: each is an unlink and a directory fsync. */
  blobConcurrency?: number;
}

/** Unfinished deletions completed per round of `resume()`. */
const RESUME_BATCH = 500;

/**
 * The one deletion path (`MessageDeleter`). For a batch of messages it refuses those under a
 * legal hold (and, for an erasure, those a policy protects), audits the refusals and the
 * deletion, then per message: tombstone + index removal in one durable transaction, the ledger's
 * `deleted` entry, and last the blob. A crash after the transaction leaves the tombstone marked
 * unfinished; `resume()` (at start-up and before every sweep) writes the missing ledger entries
 * and removes the remaining blobs, both idempotent.
 */
export class ArchiveMessageDeleter implements MessageDeleter {
  private readonly now: () => Date;
  private readonly blobConcurrency: number;

  constructor(private readonly deps: ArchiveMessageDeleterDeps) {
    this.now = deps.now ?? (() => new Date());
    this.blobConcurrency = deps.blobConcurrency ?? 16;
  }

  /** Audited with source `system`: the deleter acts for a sweep or an approved erasure; `actor` says for whom. */
  async delete(messageIds: readonly string[], context: DeletionContext): Promise<DeletionOutcome> {
    const { holds, protection, tombstones, audit } = this.deps;
    const ids = [...new Set(messageIds)];
    const refused: DeletionRefusal[] = [];
    const held = ids.length === 0 ? new Map<string, string[]>() : await holds.heldAmong(ids);
    for (const [messageId, holdIds] of held) refused.push({ messageId, reason: 'held', detail: `under legal hold ${holdIds.join(', ')}` });
    let candidates = ids.filter((id) => !held.has(id));
    if (context.reason === 'erasure' && candidates.length > 0) {
      const protectedIds = await protection.protectedAmong(candidates);
      for (const [messageId, why] of protectedIds) refused.push({ messageId, reason: 'policy-protected', detail: why });
      candidates = candidates.filter((id) => !protectedIds.has(id));
    }
    const scope = { reason: context.reason, policyId: context.policyId ?? null, requestId: context.requestId ?? null };
    if (refused.length > 0) {
      // One entry per batch naming every refused message with its holds: a sweep re-checks held
      // messages each time, and an entry (an fsync) per message per sweep would flood the trail.
      await audit.append({
        actor: context.actor,
        action: 'deletion.refused',
        source: SYSTEM_SOURCE,
        detail: { ...scope, refused: refused.map((r) => ({ ...r, holds: held.get(r.messageId) ?? [] })) },
      });
    }
    if (candidates.length === 0) return { deleted: [], refused };

    // Audited before it is applied: no deletion without a record of who asked and why.
    await audit.append({ actor: context.actor, action: 'message.delete', source: SYSTEM_SOURCE, detail: { ...scope, messageIds: candidates } });
    const burial = await tombstones.bury(candidates, context, this.now().toISOString());
    for (const t of burial.alreadyDeleted) refused.push({ messageId: t.messageId, reason: 'not-found', detail: `already deleted at ${t.deletedAt} (${t.reason}, by ${t.actor})` });
    for (const messageId of burial.notFound) refused.push({ messageId, reason: 'not-found', detail: 'not in the archive' });
    if (burial.heldMeanwhile.size > 0) {
      const late = [...burial.heldMeanwhile].map(([messageId, holdIds]) => ({ messageId, reason: 'held' as const, detail: `under legal hold ${holdIds.join(', ')}`, holds: holdIds }));
      await audit.append({ actor: context.actor, action: 'deletion.refused', source: SYSTEM_SOURCE, detail: { ...scope, refused: late } });
      refused.push(...late.map(({ holds: _holds, ...refusal }) => refusal));
    }
    await this.complete(burial.buried);
    return { deleted: burial.buried, refused };
  }

  /** Completes every deletion a crash interrupted after its tombstone was committed. Returns how many. */
  async resume(): Promise<number> {
    let completed = 0;
    for (;;) {
      const batch = await this.deps.tombstones.unfinished(RESUME_BATCH);
      if (batch.length === 0) return completed;
      await this.complete(batch);
      completed += batch.length;
    }
  }

  /** Ledger entries, then blob removals, then the unfinished markers: each step idempotent. */
  private async complete(buried: readonly Tombstone[]): Promise<void> {
    const { ledger, blobs, tombstones } = this.deps;
    // Issued together so a GroupCommit-backed ledger writes the batch in one transaction.
    await Promise.all(buried.map((tombstone) => ledger.recordDeleted(tombstone)));
    let next = 0;
    const worker = async () => {
      while (next < buried.length) {
        const tombstone = buried[next++] as Tombstone;
        await blobs.delete(tombstone.messageId);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.blobConcurrency, buried.length) }, worker));
    await tombstones.finish(buried);
  }
}
