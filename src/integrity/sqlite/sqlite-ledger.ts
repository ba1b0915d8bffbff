import type { Tombstone } from '../../domain/deletion.js';
import type { Db } from '../../db/open-database.js';
import type { GroupCommit } from '../../db/group-commit.js';
import { canonicalIntegerJson } from '../canonical-json.js';
import type { Ledger } from '../ledger.js';
import { computeEntryHash, GENESIS_PREV_HASH, type LedgerDetail, type LedgerEntry, type LedgerKind, type LedgerRecord } from '../ledger-entry.js';
import { tombstoneDetail } from '../tombstone-detail.js';

interface LedgerRow {
  seq: number;
  at: number;
  kind: LedgerKind;
  message_id: string;
  size: number;
  detail: string;
  prev_hash: Buffer;
  entry_hash: Buffer;
}

/** Reads of the embedded ledger that checkpoints, proofs and `verify` need; no writer required. */
export interface LedgerReader {
  /** The number of entries (= the highest seq, the chain having no gaps). */
  size(): number;
  /** The `archived` entry of a message, or null. */
  archivedEntry(messageId: string): LedgerRecord | null;
  /**
   * Entries with `afterSeq < seq ≤ untilSeq` in seq order, `batchSize` rows per batch, yielding
   * to the event loop between batches: memory stays at one batch however long the ledger.
   */
  batches(options?: LedgerRange): AsyncIterable<LedgerRecord[]>;
  /** Like `batches`, only the seq and raw entry hash of each entry: the Merkle leaves, read cheaply. */
  hashBatches(options?: LedgerRange): AsyncIterable<Array<{ seq: number; entryHash: Buffer }>>;
}

/** A seq range `afterSeq < seq ≤ untilSeq` read `batchSize` rows at a time (defaults: everything, 5000). */
export interface LedgerRange {
  afterSeq?: number;
  untilSeq?: number;
  batchSize?: number;
}

/** The embedded ledger: the `Ledger` port and its reads. */
export interface SqliteLedger extends Ledger, LedgerReader {}

/**
 * The ledger on the `ledger` table. Appends run on the GroupCommit writer: each reads the chain
 * head and inserts the next entry inside the writer's transaction, so appends are serialised and
 * batched with the rest of the main thread's writes, and resolve once durable.
 */
export function createSqliteLedger(db: Db, writer: GroupCommit, clock: () => Date = () => new Date()): SqliteLedger {
  const exists = db.prepare<[LedgerKind, string], { seq: number }>('SELECT seq FROM ledger WHERE kind = ? AND message_id = ?');
  const head = db.prepare<[], { seq: number; entry_hash: Buffer }>('SELECT seq, entry_hash FROM ledger ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare<[number, number, LedgerKind, string, number, string, Buffer, Buffer]>(
    'INSERT INTO ledger (seq, at, kind, message_id, size, detail, prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );

  const append = (kind: LedgerKind, messageId: string, size: number, detail: LedgerDetail): Promise<void> =>
    writer.run(() => {
      if (exists.get(kind, messageId) !== undefined) return;
      const last = head.get();
      const at = clock().getTime();
      const entry: LedgerEntry = { seq: (last?.seq ?? 0) + 1, at: new Date(at).toISOString(), kind, messageId, size, detail };
      const prevHash = last === undefined ? GENESIS_PREV_HASH : last.entry_hash.toString('hex');
      const entryHash = computeEntryHash(prevHash, entry);
      insert.run(entry.seq, at, kind, messageId, size, canonicalIntegerJson(detail).toString('utf8'), Buffer.from(prevHash, 'hex'), Buffer.from(entryHash, 'hex'));
    });

  return {
    ...createLedgerReader(db),
    recordArchived: (message) => append('archived', message.messageId, message.size, { receivedAt: message.receivedAt }),
    recordDeleted: (tombstone: Tombstone) => append('deleted', tombstone.messageId, tombstone.size, tombstoneDetail(tombstone)),
  };
}

/** The ledger's reads alone, for processes that never append (CLI, verification). */
export function createLedgerReader(db: Db): LedgerReader {
  const head = db.prepare<[], { seq: number }>('SELECT seq FROM ledger ORDER BY seq DESC LIMIT 1');
  const byMessage = db.prepare<[string], LedgerRow>("SELECT * FROM ledger WHERE kind = 'archived' AND message_id = ?");
  const range = db.prepare<[number, number, number], LedgerRow>('SELECT * FROM ledger WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?');
  const hashRange = db.prepare<[number, number, number], { seq: number; entry_hash: Buffer }>(
    'SELECT seq, entry_hash FROM ledger WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
  );

  return {
    size: () => head.get()?.seq ?? 0,

    archivedEntry(messageId) {
      const row = byMessage.get(messageId);
      return row === undefined ? null : toRecord(row);
    },

    batches: (options = {}) => paged(options, (after, until, limit) => range.all(after, until, limit).map(toRecord)),
    hashBatches: (options = {}) => paged(options, (after, until, limit) => hashRange.all(after, until, limit).map((row) => ({ seq: row.seq, entryHash: row.entry_hash }))),
  };
}

/** Keyset pagination over seq, yielding to the event loop between pages so ingestion keeps flowing. */
async function* paged<T extends { seq: number }>(options: LedgerRange, read: (after: number, until: number, limit: number) => T[]): AsyncIterable<T[]> {
  const until = options.untilSeq ?? Number.MAX_SAFE_INTEGER;
  const batchSize = options.batchSize ?? 5000;
  let after = options.afterSeq ?? 0;
  for (;;) {
    const rows = read(after, until, batchSize);
    if (rows.length === 0) return;
    after = (rows[rows.length - 1] as T).seq;
    yield rows;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function toRecord(row: LedgerRow): LedgerRecord {
  return {
    seq: row.seq,
    at: new Date(row.at).toISOString(),
    kind: row.kind,
    messageId: row.message_id,
    size: row.size,
    detail: JSON.parse(row.detail) as LedgerDetail,
    prevHash: row.prev_hash.toString('hex'),
    entryHash: row.entry_hash.toString('hex'),
  };
}
