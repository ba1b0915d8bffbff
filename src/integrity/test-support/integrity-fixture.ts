import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { freshDatabase } from '../../../test/support/fresh-database.js';
import { GroupCommit } from '../../db/group-commit.js';
import type { Db } from '../../db/open-database.js';
import { loadOrCreateSigningKey, type SigningKey } from '../signing-key.js';
import { createLedgerCheckpoints, type LedgerCheckpoints } from '../sqlite/ledger-checkpoints.js';
import { createSqliteLedger, type SqliteLedger } from '../sqlite/sqlite-ledger.js';
import { createSqliteProofs } from '../sqlite/sqlite-proofs.js';
import type { ProofSource } from '../proof-bundle.js';
import type { TsaClientOptions } from '../tsa/request-timestamp.js';

export interface IntegrityFixture {
  db: Db;
  dir: string;
  file: string;
  writer: GroupCommit;
  key: SigningKey;
  ledger: SqliteLedger;
  checkpoints: LedgerCheckpoints;
  proofs: ProofSource;
  /** The original bytes of message `i` (any i), and its archive id. */
  original(i: number): { bytes: Buffer; id: string };
  /** Records messages `from..to-1` as archived, in order, in one group commit. */
  archive(from: number, to: number): Promise<void>;
}

/** A migrated database with the real ledger, checkpoints (and TSA, when given) and proofs; torn down with the test. */
export function integrityFixture(t: TestContext, options: { tsa?: TsaClientOptions; batchSize?: number } = {}): IntegrityFixture {
  const { db, dir } = freshDatabase(t, 'integrity');
  const writer = new GroupCommit(db);
  t.after(() => writer.close());
  const key = loadOrCreateSigningKey(join(dir, 'keys', 'appliance-ed25519.pem'));
  const ledger = createSqliteLedger(db, writer);
  const checkpoints = createLedgerCheckpoints({ db, writer, ledger, key, tsa: options.tsa, batchSize: options.batchSize ?? 64 });
  const original = (i: number) => {
    const bytes = Buffer.from(`From: sender${i}@example.com\r\nSubject: message ${i}\r\n\r\nbody ${i}\r\n`);
    return { bytes, id: createHash('sha256').update(bytes).digest('hex') };
  };
  return {
    db,
    dir,
    file: join(dir, 'custodian.db'),
    writer,
    key,
    ledger,
    checkpoints,
    proofs: createSqliteProofs(db, ledger, checkpoints),
    original,
    async archive(from, to) {
      const writes: Array<Promise<void>> = [];
      for (let i = from; i < to; i++) {
        const { bytes, id } = original(i);
        writes.push(ledger.recordArchived({ messageId: id, size: bytes.length, receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }));
      }
      await Promise.all(writes);
    },
  };
}
