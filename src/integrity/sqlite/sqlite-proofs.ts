import type { Db } from '../../db/open-database.js';
import { inclusionPath, MerkleFrontier, nodeHash, splitPoint } from '../merkle.js';
import { PROOF_BUNDLE_FORMAT, type ProofSource } from '../proof-bundle.js';
import type { CheckpointReader } from './checkpoint-reader.js';
import { STORED_SUBTREE_LEVEL } from './ledger-checkpoints.js';
import type { LedgerReader } from './sqlite-ledger.js';

const STORED_SUBTREE_SIZE = 2 ** STORED_SUBTREE_LEVEL;

/**
 * Inclusion proofs from the embedded ledger against the newest checkpoint. Sibling subtrees of
 * 256 leaves and more come from `ledger_merkle_nodes`; smaller ones are hashed from their
 * leaves, so a proof reads O(log n) node rows and a few hundred ledger rows.
 */
export function createSqliteProofs(db: Db, ledger: LedgerReader, checkpoints: Pick<CheckpointReader, 'latest'>): ProofSource {
  const node = db.prepare<[number, number], { hash: Buffer }>('SELECT hash FROM ledger_merkle_nodes WHERE level = ? AND idx = ?');
  const leaves = db.prepare<[number, number], { entry_hash: Buffer }>('SELECT entry_hash FROM ledger WHERE seq > ? AND seq <= ? ORDER BY seq');

  /** Root of leaves [start, start + size): a stored subtree when there is one, else split or hashed from leaves. */
  const rangeRoot = (start: number, size: number): Buffer => {
    const perfect = Number.isInteger(Math.log2(size)) && start % size === 0;
    if (perfect && size >= STORED_SUBTREE_SIZE) {
      const stored = node.get(Math.log2(size), start / size);
      if (stored !== undefined) return stored.hash;
    }
    if (size > STORED_SUBTREE_SIZE) {
      // Too big to hash from leaves in one go: split as RFC 6962 does (left part a power of two).
      const k = splitPoint(size);
      return nodeHash(rangeRoot(start, k), rangeRoot(start + k, size - k));
    }
    const tree = new MerkleFrontier();
    // Leaf index i is ledger seq i + 1.
    for (const row of leaves.iterate(start, start + size)) tree.append(row.entry_hash);
    if (tree.size !== size) throw new Error(`ledger entries ${start + 1}..${start + size} are missing`);
    return tree.root();
  };

  return {
    async proofFor(messageId) {
      const entry = ledger.archivedEntry(messageId);
      if (entry === null) return { status: 'not-archived' };
      const checkpoint = checkpoints.latest();
      if (checkpoint === null || checkpoint.treeSize < entry.seq) return { status: 'not-checkpointed', seq: entry.seq };
      const leafIndex = entry.seq - 1;
      const path = inclusionPath(leafIndex, 0, checkpoint.treeSize, rangeRoot);
      return {
        status: 'ok',
        bundle: {
          format: PROOF_BUNDLE_FORMAT,
          messageId,
          ledgerEntry: { seq: entry.seq, at: entry.at, kind: entry.kind, messageId: entry.messageId, size: entry.size, detail: entry.detail, prevHash: entry.prevHash },
          leafIndex,
          treeSize: checkpoint.treeSize,
          auditPath: path.map((hash) => hash.toString('hex')),
          checkpoint: {
            treeSize: checkpoint.treeSize,
            rootHash: checkpoint.rootHash,
            createdAt: checkpoint.createdAt,
            applianceKeyId: checkpoint.applianceKeyId,
            signature: checkpoint.signature,
            publicKey: checkpoint.publicKey,
            tsaToken: checkpoint.tsaToken,
          },
        },
      };
    },
  };
}
