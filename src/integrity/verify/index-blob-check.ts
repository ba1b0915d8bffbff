import { BlobIntegrityError, BlobNotFoundError } from '../../archive/blob-store.js';
import type { Finding } from './finding.js';
import type { VerificationCheck, VerificationContext } from './verification-check.js';

/** Messages read from the index per batch: one short read, then their blobs. */
const BATCH = 500;
/** Blobs re-hashed at once: enough to keep the disk and the thread pool busy, few enough to bound memory. */
const CONCURRENCY = 8;

interface MessageRow {
  rowid: number;
  id: string;
}

/**
 * Every index entry has its original in the blob store, and the original still hashes to its id.
 * Walks `messages` by rowid in batches (keyset, so each batch is a short read and no snapshot is
 * held for the whole run), reading at most `CONCURRENCY` blobs at a time: memory stays bounded by
 * a batch of ids and a few messages, whatever the archive's size.
 */
export function createIndexBlobCheck(): VerificationCheck {
  return {
    name: 'index-blobs',
    description: 'every index entry has its original in the blob store, and it re-hashes to its id',
    readsBlobs: true,

    total: ({ db }) => (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n,

    async run(context, reporter) {
      const page = context.db.prepare<[number, number], MessageRow>('SELECT rowid, id FROM messages WHERE rowid > ? ORDER BY rowid LIMIT ?');
      let after = 0;
      let checked = 0;
      for (;;) {
        if (reporter.signal.aborted) return;
        const rows = page.all(after, BATCH);
        if (rows.length === 0) return;
        // Reported in index order, not in the order the reads finish, so runs are comparable.
        const findings: Array<Finding | null> = new Array<Finding | null>(rows.length).fill(null);
        await forEachLimited(rows.map((row, i) => ({ row, i })), CONCURRENCY, async ({ row, i }) => {
          findings[i] = await blobFinding(context, row.id);
        });
        for (const finding of findings) if (finding) reporter.finding(finding);
        after = (rows[rows.length - 1] as MessageRow).rowid;
        checked += rows.length;
        await reporter.progress(checked);
      }
    },

    async stillHolds(finding, context) {
      if (finding.messageId === undefined) return true;
      const indexed = context.db.prepare('SELECT 1 FROM messages WHERE id = ?').get(finding.messageId) !== undefined;
      return indexed && (await blobFinding(context, finding.messageId))?.kind === finding.kind;
    },
  };
}

/** The finding for one indexed message's blob, or null when it reads back intact. */
async function blobFinding({ blobs }: VerificationContext, messageId: string): Promise<Finding | null> {
  try {
    await blobs.get(messageId);
    return null;
  } catch (error) {
    if (error instanceof BlobNotFoundError) return { kind: 'missing-blob', messageId, detail: 'the index has this message but the blob store has no original for it' };
    if (error instanceof BlobIntegrityError) return { kind: 'altered-blob', messageId, detail: error.message };
    // Anything else (EIO, EACCES) is not a finding about this message but a fault of the run.
    throw error;
  }
}

/** Runs `work` over `items` with at most `limit` in flight; rejects with the first failure. */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
