import type { DeletionOutcome, DeletionRefusal } from '../../domain/deletion.js';
import type { DeletionContext, MessageDeleter } from '../message-deleter.js';

/**
 * A MessageDeleter for review tests (the real one is the deletion area's): remembers each call,
 * refuses the messages in `held` as a hold would, and "deletes" the rest by returning tombstones.
 */
export class RecordingDeleter implements MessageDeleter {
  readonly calls: Array<{ messageIds: string[]; context: DeletionContext }> = [];
  readonly held = new Set<string>();

  async delete(messageIds: readonly string[], context: DeletionContext): Promise<DeletionOutcome> {
    this.calls.push({ messageIds: [...messageIds], context });
    const refused: DeletionRefusal[] = messageIds.filter((id) => this.held.has(id)).map((messageId) => ({ messageId, reason: 'held', detail: 'held by hold h-1' }));
    const deleted = messageIds.filter((id) => !this.held.has(id)).map((messageId) => ({
      messageId, size: 100, receivedAt: '2024-01-31T12:00:00.000Z', reason: context.reason, policyId: context.policyId ?? null,
      requestId: null, actor: context.actor, deletedAt: '2026-01-01T00:00:00.000Z',
    }));
    return { deleted, refused };
  }
}
