import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { loadConfig } from '../../src/config/load-config.js';
import { openDataDirVerification } from '../../src/integrity/verify/data-dir-verification.js';
import { runVerification } from '../../src/integrity/verify/run-verification.js';
import { until } from '../support/deferred.js';
import { startHarness, type Harness } from '../support/embedded-harness.js';
import { smtpClient } from '../support/smtp-client.js';
import { tempDir } from '../support/temp-dir.js';

const MESSAGES = 4;

interface Archived {
  id: string;
  rowid: number;
  /** Its `archived` entry in the ledger. */
  ledgerSeq: number;
}

/**
 * Tampering with a real archive is found, precisely. One appliance ingests a few messages over
 * SMTP and is stopped; each test tampers with its own copy of the data directory — as someone
 * with access to the disk would, around the application — and verifies that copy.
 */
describe('tampering with the archive is found by verify', () => {
  let harness: Harness;
  let archived: Archived[];

  before(async () => {
    harness = await startHarness();
    const client = smtpClient({ port: harness.appliance.smtpPort });
    for (let i = 0; i < MESSAGES; i++) {
      await client.sendMail({ from: 'alice@example.com', to: 'bob@example.org', subject: `Tamper test ${i}`, text: `Message number ${i}.\n` });
    }
    client.close();
    const db = new Database(join(harness.dataDir, 'custodian.db'), { readonly: true });
    // Archived means indexed and ledgered: wait on the database itself, which is what is verified.
    const ledgered = db.prepare(`SELECT count(*) AS n FROM ledger WHERE kind = 'archived'`);
    await until(() => (ledgered.get() as { n: number }).n === MESSAGES, 60_000);
    // Something for the audit trail: an admin's search is audited.
    assert.equal((await harness.api('/messages?q=tamper')).status, 200);
    await harness.appliance.close();
    archived = db.prepare(`SELECT m.id, m.rowid, l.seq AS ledgerSeq FROM messages m JOIN ledger l ON l.kind = 'archived' AND l.message_id = m.id ORDER BY m.rowid`).all() as Archived[];
    db.close();
  });
  after(() => harness.stop());

  /** A private copy of the stopped appliance's data directory, removed when the test ends. */
  const copy = (t: TestContext): string => {
    const dir = tempDir('tamper');
    t.after(() => dir.remove());
    cpSync(harness.dataDir, dir.path, { recursive: true });
    return dir.path;
  };

  /** Verifies a data directory as `custodian verify` does; resolves to its findings without their prose. */
  const verify = async (dataDir: string) => {
    const opened = openDataDirVerification(loadConfig({ env: { CUSTODIAN_DATA_DIR: dataDir } }));
    try {
      const summary = await runVerification(opened.deps, { trigger: 'cli', actor: 'cli:test' });
      const findings = opened.deps.store.findings(summary.id, { afterSeq: 0, limit: 100 });
      return { state: summary.state, findings: findings.map(({ check, kind, messageId, seq }) => ({ check, kind, messageId, seq })), details: findings.map((f) => f.detail) };
    } finally {
      await opened.close();
    }
  };

  /** A connection that does what the appliance never does: it drops the append-only triggers it needs out of the way. */
  const tamper = (dataDir: string, sql: string): void => {
    const db = new Database(join(dataDir, 'custodian.db'));
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
  };

  it('verifies the untouched archive clean, with every message in index, ledger and blob store', async (t) => {
    assert.equal(archived.length, MESSAGES);
    const result = await verify(copy(t));
    assert.deepEqual(result.findings, []);
    assert.equal(result.state, 'clean');
  });

  it('finds an altered blob, naming the message', async (t) => {
    const dataDir = copy(t);
    const victim = archived[1] as Archived;
    const path = join(dataDir, 'blobs', victim.id.slice(0, 2), victim.id.slice(2, 4), victim.id);
    const bytes = readFileSync(path);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 3) ^ 0x01, bytes.length - 3);
    writeFileSync(path, bytes);
    const result = await verify(dataDir);
    assert.deepEqual(result.findings, [{ check: 'index-blobs', kind: 'altered-blob', messageId: victim.id, seq: undefined }]);
  });

  it('finds a deleted ledger line: the chain breaks after the entry before it, and the message has no ledger entry', async (t) => {
    const dataDir = copy(t);
    const victim = archived[2] as Archived;
    tamper(dataDir, `DROP TRIGGER ledger_no_delete; DELETE FROM ledger WHERE seq = ${victim.ledgerSeq};`);
    const result = await verify(dataDir);
    assert.deepEqual(result.findings, [
      { check: 'ledger-chain', kind: 'broken-chain', messageId: undefined, seq: victim.ledgerSeq - 1 },
      { check: 'index-ledger', kind: 'index-without-ledger', messageId: victim.id, seq: undefined },
    ]);
    assert.match(result.details[0] ?? '', new RegExp(`seq gap after ${victim.ledgerSeq - 1} \\(deleted line\\)`));
  });

  it('finds an edited audit row, at its entry', async (t) => {
    const dataDir = copy(t);
    const db = new Database(join(dataDir, 'custodian.db'), { readonly: true });
    const seq = (db.prepare('SELECT min(seq) AS seq FROM audit_log').get() as { seq: number | null }).seq;
    db.close();
    assert.ok(seq !== null, 'the appliance audited something to edit');
    tamper(dataDir, `DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone-else' WHERE seq = ${seq};`);
    const result = await verify(dataDir);
    assert.deepEqual(result.findings, [{ check: 'audit-chain', kind: 'broken-chain', messageId: undefined, seq }]);
    assert.match(result.details[0] ?? '', /edited/);
  });

  it('finds a dropped index entry: the ledger still has the message and its blob has no owner', async (t) => {
    const dataDir = copy(t);
    const victim = archived[0] as Archived;
    tamper(dataDir, `
      DELETE FROM message_fts WHERE rowid = ${victim.rowid};
      DELETE FROM message_addresses WHERE message_rowid = ${victim.rowid};
      DELETE FROM journal_events WHERE message_rowid = ${victim.rowid};
      DELETE FROM message_classification WHERE message_rowid = ${victim.rowid};
      DELETE FROM message_rule_hits WHERE message_rowid = ${victim.rowid};
      DELETE FROM message_tags WHERE message_rowid = ${victim.rowid};
      DELETE FROM messages WHERE rowid = ${victim.rowid};`);
    const result = await verify(dataDir);
    assert.deepEqual(result.findings, [
      { check: 'index-ledger', kind: 'ledger-without-index', messageId: victim.id, seq: victim.ledgerSeq },
      { check: 'orphan-blobs', kind: 'orphan-blob', messageId: victim.id, seq: undefined },
    ]);
  });

  it('finds a deleted blob as missing, naming the message', async (t) => {
    const dataDir = copy(t);
    const victim = archived[3] as Archived;
    rmSync(join(dataDir, 'blobs', victim.id.slice(0, 2), victim.id.slice(2, 4), victim.id));
    const result = await verify(dataDir);
    assert.deepEqual(result.findings, [{ check: 'index-blobs', kind: 'missing-blob', messageId: victim.id, seq: undefined }]);
  });
});
