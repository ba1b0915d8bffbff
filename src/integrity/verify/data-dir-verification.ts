import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createFsBlobStore } from '../../archive/fs-blob-store.js';
import { readEncryptionKey } from '../../app/encryption-key.js';
import type { Config } from '../../config/schema.js';
import { GroupCommit } from '../../db/group-commit.js';
import { openDatabase, type Db } from '../../db/open-database.js';
import { loadOrCreateSigningKey } from '../signing-key.js';
import { createCheckpointReader } from '../sqlite/checkpoint-reader.js';
import { createSqliteLedger } from '../sqlite/sqlite-ledger.js';
import { defaultChecks } from './default-checks.js';
import type { VerificationDeps } from './run-verification.js';
import { SqliteVerificationStore } from './sqlite-verification-store.js';

export interface DataDirVerification {
  deps: VerificationDeps;
  db: Db;
  /** What the run cannot check as fully as it would like, for the operator (e.g. no signing key). */
  notes: string[];
  /** Waits for the last write and closes the database. */
  close(): Promise<void>;
}

/**
 * Everything a verification needs, opened on a data directory from outside the appliance
 * (`custodian verify`, tests): its own database connection and writer, the blob store as
 * configured, the ledger, the checkpoints and the key they must be signed with. The signing key
 * file is only read, never created: without it, each checkpoint is checked against the key it
 * names (self-consistency only) and a note says so. Takes no lock: see `addVerifyCommands`.
 */
export function openDataDirVerification(config: Readonly<Config>): DataDirVerification {
  const dataDir = resolve(config.dataDir);
  const file = join(dataDir, 'custodian.db');
  // openDatabase would create an empty archive, which would then verify as clean.
  if (!existsSync(file)) throw new Error(`no archive at ${file}; check dataDir`);
  const blobRoot = join(dataDir, 'blobs');
  const blobs = createFsBlobStore({ root: blobRoot, compression: config.archive.compression, encryptionKey: readEncryptionKey(config.archive.encryptionKeyFile) });
  const tsaCaPem = config.integrity.tsa === undefined ? undefined : readFileSync(config.integrity.tsa.caFile, 'utf8');
  const keyFile = config.integrity.signingKeyFile ?? join(dataDir, 'keys', 'appliance-ed25519.pem');
  const notes: string[] = [];
  let trustedPublicKey: string | undefined;
  if (existsSync(keyFile)) trustedPublicKey = loadOrCreateSigningKey(keyFile).publicKeyPem;
  else notes.push(`no signing key at ${keyFile}: checkpoints are checked against the key each one names, not the appliance's`);

  const db = openDatabase(file);
  const writer = new GroupCommit(db);
  const checks = defaultChecks({ ledger: createSqliteLedger(db, writer), checkpoints: createCheckpointReader(db), trustedPublicKey, tsaCaPem });
  return {
    deps: { db, blobs, blobRoot, store: new SqliteVerificationStore(db, writer), checks },
    db,
    notes,
    async close() {
      await writer.close();
      db.close();
    },
  };
}
