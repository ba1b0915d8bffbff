import type { Logger } from 'pino';
import type { Db } from '../../db/open-database.js';
import type { GroupCommit } from '../../db/group-commit.js';
import type { CheckpointRecord } from '../checkpoint.js';
import { MerkleFrontier } from '../merkle.js';
import type { SigningKey } from '../signing-key.js';
import { signTreeHead, treeHeadBytes, type TreeHead } from '../tree-head.js';
import { requestTimestamp, TimestampError, type TsaClientOptions } from '../tsa/request-timestamp.js';
import { createCheckpointReader, type CheckpointReader } from './checkpoint-reader.js';
import type { LedgerReader } from './sqlite-ledger.js';

/** Subtrees of 2^8 = 256 leaves and more are stored (see `ledger_merkle_nodes`). */
export const STORED_SUBTREE_LEVEL = 8;

export interface LedgerCheckpointsOptions {
  db: Db;
  writer: GroupCommit;
  ledger: LedgerReader;
  key: SigningKey;
  /** Config `integrity.tsa` with its CA file read; absent: checkpoints are signed only. */
  tsa?: TsaClientOptions | undefined;
  logger?: Pick<Logger, 'warn'> | undefined;
  clock?: () => Date;
  /** Ledger entries read per batch while hashing. Default 5000. */
  batchSize?: number;
}

/** Signed Merkle checkpoints over the ledger, and their RFC 3161 time-stamps. */
export interface LedgerCheckpoints extends CheckpointReader {
  /**
   * Signs the root over every ledger entry so far and stores it; then tries to time-stamp it.
   * Resolves to the new checkpoint, or null when no entry was added since the last one. A TSA
   * failure never loses the checkpoint: it is stored signed with `timestampPending`.
   */
  createCheckpoint(): Promise<CheckpointRecord | null>;
  /** Retries time-stamping of pending checkpoints (oldest first); resolves to how many were stamped and how many remain. */
  timestampPending(): Promise<{ stamped: number; pending: number }>;
}

/**
 * Checkpoints as a Certificate-Transparency-style growing log: each covers ALL entries 1..N, not
 * the range since the previous one. One signed tree head then vouches for every message archived
 * before it, so a proof needs only the newest checkpoint; later heads are consistent extensions of
 * earlier ones (RFC 6962 consistency proofs apply); and deleting or reordering an old entry changes
 * every later root. The cost of recomputing over everything is avoided by resuming from the
 * previous checkpoint's frontier (log2 N hashes), so each run hashes only the new entries.
 */
export function createLedgerCheckpoints(options: LedgerCheckpointsOptions): LedgerCheckpoints {
  const { db, writer, ledger, key, tsa, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const batchSize = options.batchSize ?? 5000;

  const reader = createCheckpointReader(db);
  const latestFrontier = db.prepare<[], { tree_size: number; frontier: Buffer }>('SELECT tree_size, frontier FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1');
  const insertCheckpoint = db.prepare<[number, Buffer, number, string, string, Buffer, Buffer, number]>(
    `INSERT INTO ledger_checkpoints (tree_size, root_hash, created_at, key_id, public_key, signature, frontier, tsa_wanted)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertNode = db.prepare<[number, number, Buffer]>('INSERT OR IGNORE INTO ledger_merkle_nodes (level, idx, hash) VALUES (?, ?, ?)');
  const insertTimestamp = db.prepare<[number, Buffer, number, number]>(
    'INSERT INTO ledger_checkpoint_timestamps (tree_size, token, gen_time, stamped_at) VALUES (?, ?, ?, ?)',
  );

  // One run at a time: a slow scheduled run and a manual one must not hash the same range twice.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const create = async (): Promise<CheckpointRecord | null> => {
    const previous = latestFrontier.get();
    const from = previous?.tree_size ?? 0;
    const until = ledger.size();
    if (until <= from) return null;

    let nodes: Array<[number, number, Buffer]> = [];
    const flushNodes = async (): Promise<void> => {
      const batch = nodes;
      nodes = [];
      // Not durable on its own: the checkpoint's durable commit comes later in the same WAL, so it
      // can never survive without these rows (and they are derivable anyway).
      if (batch.length > 0) await writer.run(() => batch.forEach((node) => insertNode.run(...node)), { durable: false });
    };
    const keep = (level: number, index: number, hash: Buffer): void => {
      if (level >= STORED_SUBTREE_LEVEL) nodes.push([level, index, hash]);
    };
    const tree = previous === undefined ? new MerkleFrontier(keep) : MerkleFrontier.restore(from, splitHashes(previous.frontier), keep);
    for await (const batch of ledger.hashBatches({ afterSeq: from, untilSeq: until, batchSize })) {
      for (const entry of batch) tree.append(entry.entryHash);
      if (nodes.length >= 1000) await flushNodes();
    }
    await flushNodes();
    if (tree.size !== until) throw new Error(`ledger entries ${from + 1}..${until} are not contiguous (read ${tree.size - from})`);

    const createdAt = clock();
    const head: TreeHead = {
      treeSize: until,
      rootHash: tree.root().toString('hex'),
      createdAt: createdAt.toISOString(),
      applianceKeyId: key.keyId,
    };
    const signature = signTreeHead(head, key.privateKey);
    await writer.run(() =>
      insertCheckpoint.run(until, Buffer.from(head.rootHash, 'hex'), createdAt.getTime(), key.keyId, key.publicKeyPem, signature, Buffer.concat(tree.hashes()), tsa === undefined ? 0 : 1),
    );
    if (tsa !== undefined) await stampPending();
    return reader.latest();
  };

  const stampPending = async (): Promise<{ stamped: number; pending: number }> => {
    const pending = reader.pending();
    if (tsa === undefined) return { stamped: 0, pending: pending.length };
    let stamped = 0;
    for (const checkpoint of pending) {
      try {
        const { token, genTime } = await requestTimestamp(treeHeadBytes(checkpoint), tsa);
        await writer.run(() => insertTimestamp.run(checkpoint.treeSize, token, Date.parse(genTime), clock().getTime()));
        stamped += 1;
      } catch (error) {
        if (!(error instanceof TimestampError)) throw error;
        // The TSA is down or misbehaving: keep the rest pending for the next run.
        logger?.warn({ err: error, treeSize: checkpoint.treeSize }, 'checkpoint time-stamp failed; will retry');
        break;
      }
    }
    return { stamped, pending: pending.length - stamped };
  };

  return {
    createCheckpoint: () => exclusive(create),
    timestampPending: () => exclusive(stampPending),
    ...reader,
  };
}

function splitHashes(blob: Buffer): Buffer[] {
  const hashes: Buffer[] = [];
  for (let i = 0; i < blob.length; i += 32) hashes.push(blob.subarray(i, i + 32));
  return hashes;
}
