import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { BlobStore } from '../archive/blob-store.js';
import type { SqliteArchiveIndex } from '../archive/sqlite/sqlite-archive-index.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Config } from '../config/schema.js';
import type { GroupCommit } from '../db/group-commit.js';
import type { Db } from '../db/open-database.js';
import { ErasureService } from '../erasure/erasure-service.js';
import { SqliteErasureStore } from '../erasure/sqlite/sqlite-erasure-store.js';
import { createSqliteSubjectResolver } from '../erasure/sqlite/sqlite-subject-resolver.js';
import { SqliteLegalHolds } from '../holds/sqlite/sqlite-legal-holds.js';
import { loadOrCreateSigningKey } from '../integrity/signing-key.js';
import { createCheckpointReader } from '../integrity/sqlite/checkpoint-reader.js';
import { createLedgerCheckpoints } from '../integrity/sqlite/ledger-checkpoints.js';
import { createSqliteLedger } from '../integrity/sqlite/sqlite-ledger.js';
import { createSqliteProofs } from '../integrity/sqlite/sqlite-proofs.js';
import { defaultChecks } from '../integrity/verify/default-checks.js';
import { SqliteVerificationStore } from '../integrity/verify/sqlite-verification-store.js';
import { createVerificationService } from '../integrity/verify/verification-service.js';
import { ArchiveMessageDeleter } from '../retention/deletion/archive-message-deleter.js';
import { SqliteTombstoneStore } from '../retention/deletion/sqlite-tombstone-store.js';
import { loadRetentionPolicies } from '../retention/policies/load-retention-policies.js';
import { SqliteRetention } from '../retention/sqlite/sqlite-retention.js';
import { SqliteRetentionReviews } from '../retention/sqlite/sqlite-retention-reviews.js';
import { SqliteSweepStore } from '../retention/sweep/sqlite-sweep-store.js';
import { Sweeper } from '../retention/sweep/sweeper.js';

/** The retention policies shipped with Custodian: `retention-policies/` at the top of the installation. */
export const SHIPPED_POLICIES = new URL('../../../retention-policies/', import.meta.url).pathname;

/**
 * Retention, legal holds, erasure and tamper evidence, built on the embedded database: one place
 * that knows how they depend on each other (the deleter asks the holds and the retention
 * policies; erasure, reviews and sweeps all delete through the deleter; every deletion is
 * recorded in the ledger).
 *
 * @throws RetentionPolicyLoadError when the policy files are invalid: start-up stops.
 */
export async function createComplianceServices(deps: {
  config: Readonly<Config>;
  db: Db;
  writer: GroupCommit;
  index: SqliteArchiveIndex;
  blobs: BlobStore;
  /** The filesystem blob store's root, walked by verification for blobs nothing names. */
  blobRoot: string;
  audit: AuditLog;
  logger: Logger;
}) {
  const { config, db, writer, index, blobs, blobRoot, audit, logger } = deps;
  const loadPolicies = () =>
    loadRetentionPolicies({ directory: config.retention.policiesDirectory ?? SHIPPED_POLICIES, internalDomains: config.rules.internalDomains });
  const retention = new SqliteRetention({ db, writer, audit, policies: await loadPolicies(), loadPolicies, logger: logger.child({ component: 'retention' }) });
  const holds = new SqliteLegalHolds(db, writer, {
    onError: (error, holdId) => logger.error({ err: error, holdId }, 'hold background work failed; the hold stays in force and resumes at the next start'),
  });
  const ledger = createSqliteLedger(db, writer);
  const key = loadOrCreateSigningKey(resolve(config.integrity.signingKeyFile ?? join(config.dataDir, 'keys', 'appliance-ed25519.pem')));
  const tsa = config.integrity.tsa && { url: config.integrity.tsa.url, caPem: readFileSync(config.integrity.tsa.caFile, 'utf8'), timeoutMs: config.integrity.tsa.timeoutMs };
  const checkpoints = createLedgerCheckpoints({ db, writer, ledger, key, ...(tsa ? { tsa } : {}), logger: logger.child({ component: 'checkpoints' }) });
  const tombstones = new SqliteTombstoneStore(db, writer, index, (ids) => holds.heldAmongNow(ids));
  const deleter = new ArchiveMessageDeleter({ tombstones, blobs, holds, protection: retention, ledger, audit });
  const sweeper = new Sweeper({
    expired: retention, deleter, holds, expiriesCurrent: () => retention.idle(),
    store: new SqliteSweepStore(db, writer), audit, batchSize: config.retention.sweepBatchSize, logger: logger.child({ component: 'sweep' }),
  });
  const erasure = new ErasureService({
    store: new SqliteErasureStore(db, writer), resolver: createSqliteSubjectResolver(db), deleter, audit, logger: logger.child({ component: 'erasure' }),
  });
  const verificationStore = new SqliteVerificationStore(db, writer);
  const verifications = createVerificationService({
    db, blobs, blobRoot,
    store: verificationStore,
    checks: defaultChecks({ ledger, checkpoints: createCheckpointReader(db), trustedPublicKey: key.publicKeyPem, ...(tsa ? { tsaCaPem: tsa.caPem } : {}) }),
    logger: logger.child({ component: 'verify' }),
  });
  const reviews = new SqliteRetentionReviews({ db, writer, deleter });
  const proofs = createSqliteProofs(db, ledger, checkpoints);
  return {
    retention, holds, ledger, checkpoints, tombstones, deleter, sweeper, erasure, verifications, reviews, proofs,
    /** The appliance signing key: checkpoints, export custody records and reports. */
    key,
    /** What the API serves from these services (see `ApiDeps`). */
    api() {
      return { holds, erasure, retention, reviews, sweeper, tombstones, proofs, verifications };
    },
    /**
     * After a message is recorded in the index (every copy; each step is idempotent). Holds come
     * before retention, so a message is never expired-but-not-yet-held. The same bytes archived
     * again after a deletion share the deleted message's blob name: while that deletion is still
     * finishing (its blob about to be removed), or if it already removed the blob this copy's
     * store step found in place, the job fails and is retried, and the retry stores the blob anew.
     */
    async afterRecord(document: { id: string; size: number; receivedAt: string }): Promise<void> {
      const deletion = tombstones.deletionState(document.id);
      if (deletion === 'unfinished') throw new Error(`message ${document.id} is archived again while its earlier deletion is finishing; retrying`);
      if (deletion === 'finished') await blobs.get(document.id);
      await ledger.recordArchived({ messageId: document.id, size: document.size, receivedAt: document.receivedAt });
      await holds.evaluateNewMessage(document.id);
      await retention.assign(document.id);
    },
    /** Resumes background work a stop or crash interrupted: recomputes, hold backfills, deletions, erasures (a verification is recorded abandoned). */
    async resume(): Promise<void> {
      await verificationStore.abandonInterrupted();
      await retention.resume();
      holds.resume();
      await deleter.resume();
      await erasure.resume();
    },
    /** Lets work in flight finish its batch; the rest resumes at the next start. */
    async stop(): Promise<void> {
      await verifications.close();
      await erasure.stop();
      await sweeper.stop();
      await holds.stop();
      await retention.stop();
    },
  };
}

export type ComplianceServices = Awaited<ReturnType<typeof createComplianceServices>>;
