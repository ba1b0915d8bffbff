import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.js';
import { SYSTEM_SOURCE } from '../audit/audit-source.js';
import type { DeletionOutcome } from '../domain/deletion.js';
import type { MessageDeleter } from '../retention/message-deleter.js';
import { ErasureError } from './erasure-error.js';
import type { ErasureMessageOutcome, ErasureRequest, ErasureState, ErasureTarget, Officer } from './erasure-request.js';
import type { ErasureListed, ErasureMessagePage, ErasureMessageResult, ErasureRequestPage, ErasureStore, ErasureWork } from './erasure-store.js';
import { isSameOfficer } from './four-eyes.js';
import type { SubjectResolver } from './subject-resolver.js';

export interface ErasureServiceDeps {
  store: ErasureStore;
  /** Finds a data subject's messages; asked only after approval. */
  resolver: SubjectResolver;
  /** The only way a message leaves the archive; refuses held and policy-protected messages. */
  deleter: MessageDeleter;
  audit: AuditLog;
  logger: Logger;
  /** Messages resolved, and deleted, per step (each step is one deleter call and one transaction). Default 500. */
  batchSize?: number;
}

/**
 * Controlled erasure (GDPR Art. 17) with four eyes.
 *
 * One officer requests the deletion of named messages, or of every message where a data
 * subject's address appears in any role, with a reason. A second officer — never the requester,
 * by token or by name — approves or rejects it (with a reason); the requester may cancel it while
 * it is pending. Approval starts execution in the background: a subject's messages are listed
 * (resolved) page by page, bounded by what was archived at approval, then handed to the
 * `MessageDeleter` in batches with `{ reason: 'erasure', actor: <approver>, requestId }`. The
 * deleter refuses messages under a legal hold or protected by a retention policy; each refusal is
 * kept on the request with its reason. Every step is audited before it is applied:
 * `erasure.request`, `erasure.approve`, `erasure.reject`, `erasure.cancel`, `erasure.execute`
 * (per batch: its ids and count), `erasure.complete` (deleted and refused counts), and
 * `erasure.denied` for a refused four-eyes or requester-only step. Progress (the resolver's
 * cursor, the last message answered for) is persisted after every batch, so `resume()` at start
 * carries on where a crash stopped; at most the batch in flight is handed to the deleter again,
 * which must answer for an already deleted message with its tombstone.
 *
 * ## What erasure does not reach: backups, and crypto-shredding
 *
 * Erasure removes the index entry and the blob file. Backups taken before it still hold both:
 * the blob (`blobs/ab/cd/<id>`, readable with the appliance key when encryption is on) and the
 * SQLite database (metadata, addresses, the full-text index's terms). Until those backups expire
 * the erased mail can be recovered from them, and restoring one resurrects it: after a restore,
 * re-apply every erasure executed since the backup was taken (from the exported audit trail,
 * `erasure.execute` entries list the ids).
 *
 * Crypto-shredding would make the blob part final everywhere. With the existing format
 * (`fs-blob-store-format.ts`: header, then nonce ‖ AES-256-GCM ciphertext ‖ tag under one
 * appliance-wide key, the header and id as associated data) it would take:
 * - a format 2 (new version byte; format 1 stays readable): the payload sealed, exactly as now,
 *   under a random 256-bit data key generated for that blob alone (never derived from a master
 *   key and the id, or it could be derived again);
 * - a key store beside the index, not in the blob file: `message_keys (message_id, wrapped_key,
 *   kek_id)`, each data key wrapped (AES-256-GCM or AES-KW, RFC 3394) under the appliance's
 *   key-encryption key (in the cluster profile, a KMS). About 60 bytes a message; one unwrap per
 *   read. The single-instance store keeps one blob, hence one key, per distinct original;
 * - erasure deleting the key row with `PRAGMA secure_delete = ON` and a WAL checkpoint, so the
 *   freed pages are overwritten; the blob file may then stay or go: it is noise;
 * - a background rewrite of format-1 blobs into format 2 (the id is the plaintext's SHA-256, so
 *   ids, ledger entries and proofs are unchanged; WORM media cannot be rewritten and keep format 1).
 *
 * Backups then contain blobs no one can open without their key, and key-store backups, which must
 * be kept apart and rotated on a short schedule: an erasure becomes final in every backup when the
 * last key-store backup holding that key expires. The database backups still hold the index
 * (subjects, addresses, full-text terms): they need the same short rotation, or those fields their
 * own per-message encryption, which search cannot use. After the erasure, the tombstone and the
 * ledger still prove that a message with that SHA-256 and size was archived at its time (its
 * inclusion in a signed, time-stamped Merkle root) and deleted by which request, approved by
 * whom, and when — never what it said. The hash stays: whoever holds a copy of the message can
 * confirm it was archived, which is the integrity proof an archive owes and the reason it is kept.
 */
export class ErasureService {
  private readonly batchSize: number;
  /** Executions run one after another: one deleter call at a time, whatever the number of approved requests. */
  private chain: Promise<void> = Promise.resolve();
  private readonly queued = new Set<string>();
  private stopping = false;

  constructor(private readonly deps: ErasureServiceDeps) {
    this.batchSize = deps.batchSize ?? 500;
  }

  /**
   * Files a pending request; `reason` must not be blank (the schema refuses it). Each step takes
   * the acting officer and `source`, where the step came from (`requestSource(req)` for the API,
   * `cliSource()` for the CLI), as its audit entry records them.
   */
  async request(by: Officer, source: string, input: { target: ErasureTarget; reason: string }): Promise<ErasureRequest> {
    const id = randomBytes(16).toString('hex');
    const target: ErasureTarget = input.target.kind === 'subject'
      ? { kind: 'subject', address: input.target.address.trim().toLowerCase() }
      : { kind: 'messages', messageIds: [...new Set(input.target.messageIds)] };
    const reason = input.reason.trim();
    await this.deps.audit.append({
      actor: by.name,
      action: 'erasure.request',
      source,
      detail: { requestId: id, tokenId: by.tokenId, ...describeTarget(target), reason },
    });
    return this.deps.store.create({ id, target, reason, requestedBy: by });
  }

  /** One request with its progress; null when there is none. */
  get(id: string): Promise<ErasureRequest | null> {
    return this.deps.store.get(id);
  }

  /** Requests, newest first, optionally only those in `state`. */
  list(query: { state?: ErasureState; limit: number; after: string | null }): Promise<ErasureRequestPage> {
    return this.deps.store.list(query);
  }

  /** The request's listed messages and their outcomes; null when there is no such request. */
  messages(id: string, query: { outcome?: ErasureMessageOutcome; limit: number; after: string | null }): Promise<ErasureMessagePage | null> {
    return this.deps.store.messages(id, query);
  }

  /**
   * A second officer approves: the request is marked approved (for a subject, with the resolver's
   * snapshot) and its execution queued. Resolves with the approved request; `drain()` waits for
   * the execution.
   */
  async approve(id: string, by: Officer, source: string): Promise<ErasureRequest> {
    const pending = await this.pendingFor(id, by, source, 'approve');
    const snapshot = pending.target === 'subject' ? await this.deps.resolver.snapshot() : null;
    await this.deps.audit.append({ actor: by.name, action: 'erasure.approve', source, detail: { requestId: id, tokenId: by.tokenId } });
    const approved = await this.deps.store.decide(id, { state: 'approved', by, snapshot });
    if (approved === null) throw await this.notPending(id);
    this.enqueue(id);
    return approved;
  }

  /** A second officer rejects, with a reason; nothing is erased. */
  async reject(id: string, by: Officer, source: string, reason: string): Promise<ErasureRequest> {
    await this.pendingFor(id, by, source, 'reject');
    const why = reason.trim();
    await this.deps.audit.append({ actor: by.name, action: 'erasure.reject', source, detail: { requestId: id, tokenId: by.tokenId, reason: why } });
    const rejected = await this.deps.store.decide(id, { state: 'rejected', by, reason: why });
    if (rejected === null) throw await this.notPending(id);
    return rejected;
  }

  /** The requester withdraws a pending request. */
  async cancel(id: string, by: Officer, source: string, reason: string | null): Promise<ErasureRequest> {
    const { request, requester } = await this.existing(id);
    if (!isSameOfficer(by, requester)) {
      await this.deny(id, by, source, 'cancel', 'requester-only');
      throw new ErasureError('requester-only', 'Only the officer who requested an erasure may cancel it; another officer rejects it.', request.state);
    }
    if (request.state !== 'pending') throw await this.notPending(id);
    const why = reason?.trim() || null;
    await this.deps.audit.append({ actor: by.name, action: 'erasure.cancel', source, detail: { requestId: id, tokenId: by.tokenId, reason: why } });
    const cancelled = await this.deps.store.decide(id, { state: 'cancelled', by, reason: why });
    if (cancelled === null) throw await this.notPending(id);
    return cancelled;
  }

  /**
   * Queues every approved request a previous run left unfinished (a crash, a shutdown, a failed
   * batch); call once at start. Returns how many were queued.
   */
  async resume(): Promise<number> {
    const ids = await this.deps.store.unfinished();
    for (const id of ids) this.enqueue(id);
    return ids.length;
  }

  /** Resolves once every queued execution has finished or stopped short (its error is on the request). */
  async drain(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.chain;
      await current;
    } while (current !== this.chain);
  }

  /**
   * Stops after the batch in flight and waits for it; what is left resumes at the next start.
   * Call before closing the database. Approvals after this are recorded but not executed here.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.drain();
  }

  private enqueue(id: string): void {
    if (this.queued.has(id)) return;
    this.queued.add(id);
    this.chain = this.chain.then(async () => {
      try {
        await this.execute(id);
      } catch (error) {
        // Fail closed and visibly: the request stays approved with its error, and resumes at the next start.
        this.deps.logger.error({ err: error, requestId: id }, 'erasure execution stopped short; it resumes at the next start');
        await this.deps.store.recordError(id, error instanceof Error ? error.message : String(error)).catch((recordError: unknown) => {
          this.deps.logger.error({ err: recordError, requestId: id }, 'could not record why an erasure stopped');
        });
      } finally {
        this.queued.delete(id);
      }
    });
  }

  private async execute(id: string): Promise<void> {
    const { store, resolver, deleter, audit } = this.deps;
    const work = await store.work(id);
    if (work === null || work.request.state !== 'approved' || work.approver === null) return;
    const { approver } = work;
    if (!work.request.progress.resolved) {
      const { subject } = work.request;
      const { snapshot } = work;
      if (subject === null || snapshot === null) throw new Error(`erasure request ${id} has no subject or snapshot to resolve`);
      let cursor = work.resolveCursor;
      do {
        if (this.stopping) return;
        const page = await resolver.page(subject, { snapshot, after: cursor, limit: this.batchSize });
        await store.addResolved(id, page.messageIds, page.next);
        cursor = page.next;
      } while (cursor !== null);
    }
    // Each batch commits through the group-commit writer, which yields to the event loop: ingestion keeps going.
    for (;;) {
      if (this.stopping) return;
      const batch = await store.nextBatch(id, this.batchSize);
      const last = batch[batch.length - 1];
      if (last === undefined) break;
      const messageIds = batch.map((listed) => listed.messageId);
      await audit.append({
        actor: approver.name,
        action: 'erasure.execute',
        source: SYSTEM_SOURCE,
        detail: { requestId: id, fromSeq: batch[0]?.seq, toSeq: last.seq, count: messageIds.length, messageIds },
      });
      const outcome = await deleter.delete(messageIds, { reason: 'erasure', actor: approver.name, requestId: id });
      await store.recordOutcomes(id, last.seq, resultsOf(batch, outcome));
    }
    const done = await store.get(id);
    if (done === null) return;
    const state = done.progress.refused > 0 ? 'partially-executed' : 'executed';
    const { messages, deleted, refused } = done.progress;
    await audit.append({ actor: approver.name, action: 'erasure.complete', source: SYSTEM_SOURCE, detail: { requestId: id, state, messages, deleted, refused } });
    await store.complete(id, state);
  }

  /** The request, checked to be pending and decided by someone other than its requester. */
  private async pendingFor(id: string, by: Officer, source: string, step: 'approve' | 'reject'): Promise<ErasureRequest> {
    const { request, requester } = await this.existing(id);
    if (isSameOfficer(by, requester)) {
      await this.deny(id, by, source, step, 'four-eyes');
      throw new ErasureError('four-eyes', `Four eyes: the officer who requested an erasure may not ${step} it; a second officer must.`, request.state);
    }
    if (request.state !== 'pending') throw await this.notPending(id);
    return request;
  }

  private async existing(id: string): Promise<ErasureWork> {
    const work = await this.deps.store.work(id);
    if (work === null) throw new ErasureError('not-found', 'No such erasure request.');
    return work;
  }

  private async deny(id: string, by: Officer, source: string, attempted: string, rule: 'four-eyes' | 'requester-only'): Promise<void> {
    await this.deps.audit.append({ actor: by.name, action: 'erasure.denied', source, detail: { requestId: id, tokenId: by.tokenId, attempted, rule } });
  }

  private async notPending(id: string): Promise<ErasureError> {
    const state = (await this.deps.store.get(id))?.state ?? null;
    return new ErasureError('not-pending', `The erasure request is ${state ?? 'gone'}; only a pending request can be decided.`, state);
  }
}

/** The target as the audit trail records it. */
function describeTarget(target: ErasureTarget): Record<string, unknown> {
  return target.kind === 'subject'
    ? { target: 'subject', subject: target.address }
    : { target: 'messages', messageIds: target.messageIds, count: target.messageIds.length };
}

/**
 * The deleter's answer, message by message. A message it neither deleted nor refused is a broken
 * deleter: the batch fails (and is retried on resume) rather than being recorded as erased.
 */
function resultsOf(batch: readonly ErasureListed[], outcome: DeletionOutcome): ErasureMessageResult[] {
  const deleted = new Set(outcome.deleted.map((tombstone) => tombstone.messageId));
  const refused = new Map(outcome.refused.map((refusal) => [refusal.messageId, refusal]));
  return batch.map(({ messageId }) => {
    const refusal = refused.get(messageId);
    if (refusal !== undefined) return { messageId, outcome: 'refused', reason: refusal.reason, detail: refusal.detail };
    if (deleted.has(messageId)) return { messageId, outcome: 'deleted' };
    throw new Error(`the deleter gave no outcome for message ${messageId}`);
  });
}
