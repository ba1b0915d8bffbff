import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../../db/open-database.js';
import type { Finding } from './finding.js';
import type { VerificationCheck } from './verification-check.js';
import { walkBlobFiles } from './walk-blob-files.js';

/** Blob names looked up in the database at once. */
const BATCH = 500;

/** Which of a batch of ids the index holds, and which were deleted (finished or not). */
interface Known {
  indexed: Set<string>;
  /** Tombstoned and the deletion finished: the blob should be gone. */
  deleted: Set<string>;
  /** Tombstoned, deletion not finished (a crash between the tombstone and the blob's removal; resume() finishes it). */
  deleting: Set<string>;
}

/**
 * Every blob file belongs to something: an index entry, or a tombstone whose deletion has not
 * finished yet. A blob with neither is an `orphan-blob` (stored but unfindable: never searched,
 * never swept); a blob whose message's deletion finished is an `undeleted-blob` (a deletion that
 * did not happen, which matters for erasure); anything else in the tree is a `stray-file`. The
 * tree is walked in order, one directory at a time, and looked up `BATCH` names at a time.
 */
export function createOrphanBlobCheck(): VerificationCheck {
  return {
    name: 'orphan-blobs',
    description: 'every blob file has an index entry or a tombstone, and nothing else is in the blob store',
    readsBlobs: true,
    total: () => null,

    async run({ db, blobRoot }, reporter) {
      const lookUp = knownAmong(db);
      let batch: Array<{ id: string; path: string }> = [];
      let checked = 0;
      const flush = async () => {
        const known = lookUp(batch.map((entry) => entry.id));
        for (const entry of batch) {
          const finding = classify(entry.id, entry.path, known);
          if (finding) reporter.finding(finding);
        }
        checked += batch.length;
        batch = [];
        await reporter.progress(checked);
      };
      for await (const entry of walkBlobFiles(blobRoot)) {
        if (reporter.signal.aborted) return;
        if (entry.type === 'stray') reporter.finding({ kind: 'stray-file', detail: `${entry.path}: ${entry.reason}` });
        else batch.push(entry);
        if (batch.length >= BATCH) await flush();
      }
      if (batch.length > 0) await flush();
    },

    async stillHolds(finding, { db, blobRoot }) {
      if (finding.kind === 'stray-file' || finding.messageId === undefined) return true;
      const id = finding.messageId;
      const path = join(blobRoot, id.slice(0, 2), id.slice(2, 4), id);
      const present = await access(path).then(() => true, () => false);
      return present && classify(id, path, knownAmong(db)([id]))?.kind === finding.kind;
    },
  };
}

function classify(id: string, path: string, known: Known): Finding | null {
  if (known.indexed.has(id) || known.deleting.has(id)) return null;
  if (known.deleted.has(id)) return { kind: 'undeleted-blob', messageId: id, detail: `${path}: the message was deleted (tombstone) but its original is still stored` };
  return { kind: 'orphan-blob', messageId: id, detail: `${path}: no index entry and no tombstone names this blob` };
}

function knownAmong(db: Db): (ids: string[]) => Known {
  const indexed = db.prepare<[string], { id: string }>('SELECT id FROM messages WHERE id IN (SELECT value FROM json_each(?))');
  const tombstoned = db.prepare<[string], { id: string; unfinished: number }>(
    `SELECT t.message_id AS id, EXISTS (SELECT 1 FROM deletions_unfinished u WHERE u.tombstone_seq = t.seq) AS unfinished
     FROM tombstones t WHERE t.message_id IN (SELECT value FROM json_each(?))`,
  );
  return (ids) => {
    const json = JSON.stringify(ids);
    const known: Known = { indexed: new Set(), deleted: new Set(), deleting: new Set() };
    for (const row of indexed.all(json)) known.indexed.add(row.id);
    for (const row of tombstoned.all(json)) (row.unfinished ? known.deleting : known.deleted).add(row.id);
    return known;
  };
}
