import type { Db } from '../../db/open-database.js';
import type { CheckpointRecord } from '../checkpoint.js';
import type { CheckpointClaim } from '../ledger-verifier.js';

/** Reads of the stored checkpoints; no key or writer needed (CLI, verification, proofs). */
export interface CheckpointReader {
  /** The newest checkpoint, or null before the first. */
  latest(): CheckpointRecord | null;
  /** Every checkpoint, oldest first (one per checkpoint run: hourly, so thousands, not millions). */
  list(): CheckpointRecord[];
  /** Checkpoints waiting for a time-stamp, oldest first. */
  pending(): CheckpointRecord[];
  /** `(treeSize, rootHash)` of every checkpoint, for `LedgerVerifier`. */
  claims(): CheckpointClaim[];
}

interface CheckpointRow {
  tree_size: number;
  root_hash: Buffer;
  created_at: number;
  key_id: string;
  public_key: string;
  signature: Buffer;
  tsa_wanted: number;
  token: Buffer | null;
  gen_time: number | null;
}

const SELECT_CHECKPOINTS = `SELECT c.tree_size, c.root_hash, c.created_at, c.key_id, c.public_key, c.signature, c.tsa_wanted, t.token, t.gen_time FROM ledger_checkpoints c
  LEFT JOIN ledger_checkpoint_timestamps t ON t.tree_size = c.tree_size`;

/** The checkpoint tables' reader. */
export function createCheckpointReader(db: Db): CheckpointReader {
  const latest = db.prepare<[], CheckpointRow>(`${SELECT_CHECKPOINTS} ORDER BY c.tree_size DESC LIMIT 1`);
  const all = db.prepare<[], CheckpointRow>(`${SELECT_CHECKPOINTS} ORDER BY c.tree_size`);
  const pending = db.prepare<[], CheckpointRow>(`${SELECT_CHECKPOINTS} WHERE c.tsa_wanted = 1 AND t.token IS NULL ORDER BY c.tree_size`);
  const claims = db.prepare<[], { tree_size: number; root_hash: Buffer }>('SELECT tree_size, root_hash FROM ledger_checkpoints ORDER BY tree_size');
  return {
    latest: () => {
      const row = latest.get();
      return row === undefined ? null : toRecord(row);
    },
    list: () => all.all().map(toRecord),
    pending: () => pending.all().map(toRecord),
    claims: () => claims.all().map((row) => ({ treeSize: row.tree_size, rootHash: row.root_hash.toString('hex') })),
  };
}

function toRecord(row: CheckpointRow): CheckpointRecord {
  return {
    treeSize: row.tree_size,
    rootHash: row.root_hash.toString('hex'),
    createdAt: new Date(row.created_at).toISOString(),
    applianceKeyId: row.key_id,
    signature: row.signature.toString('base64'),
    publicKey: row.public_key,
    tsaToken: row.token === null ? null : row.token.toString('base64'),
    timestampPending: row.tsa_wanted === 1 && row.token === null,
    tsaGenTime: row.gen_time === null ? null : new Date(row.gen_time).toISOString(),
  };
}
