import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { createSqliteAuditLog } from '../../src/audit/sqlite-audit-log.js';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { openDatabase, type Db } from '../../src/db/open-database.js';
import { buildRetentionArchive } from '../retention/build-archive.js';

/** Bump to invalidate cached report archives when the enrichment changes. */
const ENRICHMENT_VERSION = 'r3';
const DAY_MS = 86_400_000;
/** The benchmark's case (made by the retention archive's builder) and its period. */
export const BENCH_CASE_ID = 'bench-case';
/** When the synthetic archive's first message arrived (they arrive a minute apart). */
const ARCHIVE_START = Date.parse('2015-01-01T00:00:00Z');

/**
 * The period every report covers: up to 91 days (a quarter) ending three quarters into the
 * archive's span, whole UTC days, so it lies inside the archive at any size and has history
 * before it (the audit report's baseline). For 1,000,000 messages: 2016-03-05 to 2016-06-04.
 */
export function benchPeriod(messages: number): { from: Date; to: Date } {
  const spanDays = Math.max(2, Math.floor((messages * 60_000) / DAY_MS));
  const toDay = Math.floor(spanDays * 0.75);
  const length = Math.max(1, Math.min(91, Math.floor(spanDays / 4)));
  return { from: new Date(ARCHIVE_START + (toDay - length) * DAY_MS), to: new Date(ARCHIVE_START + toDay * DAY_MS) };
}

const RULES = ['pci-card-number', 'iban', 'us-ssn', 'uk-nino', 'passport', 'source-code', 'confidential-marking', 'health-record', 'password-in-mail', 'bulk-addresses', 'api-key', 'salary-data'];
const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const ACTORS = Array.from({ length: 40 }, (_, i) => `user-${i}`);
const ACTIONS = ['search', 'message.read', 'message.raw', 'export.request', 'case.read', 'hold.messages', 'audit.export', 'retention.review.approve'];

export interface BuiltReportArchive {
  file: string;
  buildSeconds: number;
  cached: boolean;
  rows: Record<string, number>;
}

/**
 * The retention benchmark's archive (messages through the real index, retention assignments, a
 * case with a legal hold: `bench/retention/build-archive.ts`), enriched for reports with rows
 * written in bulk as their owners' schemas define them: DLP incidents on every 20th message, a
 * ledger `archived` entry per message plus deletions with tombstones, daily signed checkpoints
 * (some time-stamped), verification runs with findings, audit entries (chained by the real audit
 * log), and the case's saved searches, review tags, timeline and exports. Hashes, signatures and
 * tokens are random bytes of the right size: reports read and count them, they do not verify them.
 * Cached under bench/out/ like the retention archive; built under a temporary name.
 */
export async function buildReportArchive(messages: number, held: number, log: (line: string) => void): Promise<BuiltReportArchive> {
  const base = await buildRetentionArchive(messages, held, log);
  const schema = createHash('sha256').update(MIGRATIONS.join('\n')).digest('hex').slice(0, 10);
  const file = base.file.replace(/retention-([^/]*)\.db$/, `report-${ENRICHMENT_VERSION}-$1-${schema}.db`);
  if (existsSync(file)) return { file, buildSeconds: 0, cached: true, rows: countRows(file) };
  const started = performance.now();
  const building = `${file}.building`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true });
  copyFileSync(base.file, building);
  const db = openDatabase(building);
  try {
    db.pragma('synchronous = OFF');
    enrich(db, messages, log);
    // Chains the audit rows written above, as the appliance's first start after them would.
    createSqliteAuditLog(db);
    db.exec('ANALYZE');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  renameSync(building, file);
  return { file, buildSeconds: base.buildSeconds + (performance.now() - started) / 1000, cached: false, rows: countRows(file) };
}

function enrich(db: Db, messages: number, log: (line: string) => void): void {
  const period = benchPeriod(messages);
  const randomHex = () => randomBytes(32).toString('hex');
  db.transaction(() => {
    log('  incidents on every 20th message');
    db.prepare(
      `INSERT INTO incidents (id, message_id, spool_id, rule_id, pack, severity, description, evidence, status, reviewer, version, created_at, updated_at)
       SELECT 'inc-' || m.rowid, m.id, 'bench-' || m.rowid, json_extract(@rules, '$[' || (m.rowid % 12) || ']'), 'bench-dlp',
              json_extract(@severities, '$[' || (m.rowid % 7 % 4) || ']'), 'synthetic incident', '[]',
              CASE WHEN m.rowid % 3 = 0 THEN 'reviewed' WHEN m.rowid % 11 = 0 THEN 'dismissed' ELSE 'open' END,
              CASE WHEN m.rowid % 3 = 0 THEN 'olga-officer' END, 1, m.received_at, m.received_at
       FROM messages m WHERE m.rowid % 20 = 0`,
    ).run({ rules: JSON.stringify(RULES), severities: JSON.stringify(SEVERITIES) });

    log('  ledger: an archiving entry per message');
    const archived = db.prepare(
      `INSERT INTO ledger (seq, at, kind, message_id, size, detail, prev_hash, entry_hash)
       SELECT rowid, received_at, 'archived', id, size, json_object('receivedAt', strftime('%Y-%m-%dT%H:%M:%fZ', received_at / 1000.0, 'unixepoch')),
              randomblob(32), randomblob(32)
       FROM messages ORDER BY rowid`,
    ).run();

    log('  deletions: tombstones and their ledger entries, one every 30 minutes of the archive span');
    const first = (db.prepare('SELECT min(received_at) AS at FROM messages').get() as { at: number }).at;
    const span = messages * 60_000;
    const deletions = Math.floor(span / (30 * 60_000));
    const tombstone = db.prepare(`INSERT INTO tombstones (message_id, size, received_at, reason, policy_id, request_id, actor, deleted_at) VALUES (?, 600, ?, 'retention', 'default', NULL, 'retention', ?)`);
    const deleted = db.prepare(`INSERT INTO ledger (seq, at, kind, message_id, size, detail, prev_hash, entry_hash) VALUES (?, ?, 'deleted', ?, 600, '{"reason":"retention"}', randomblob(32), randomblob(32))`);
    let seq = Number(archived.changes);
    for (let i = 0; i < deletions; i++) {
      const at = first + DAY_MS + i * 30 * 60_000;
      const id = randomHex();
      tombstone.run(id, at - DAY_MS, at);
      deleted.run(++seq, at, id);
    }

    log('  a signed checkpoint a day, every other one time-stamped');
    const checkpoint = db.prepare(`INSERT INTO ledger_checkpoints (tree_size, root_hash, created_at, key_id, public_key, signature, frontier, tsa_wanted) VALUES (?, randomblob(32), ?, ?, 'bench', randomblob(64), randomblob(32), 1)`);
    const stamp = db.prepare(`INSERT INTO ledger_checkpoint_timestamps (tree_size, token, gen_time, stamped_at) VALUES (?, randomblob(2000), ?, ?)`);
    const keyId = randomHex();
    const days = Math.ceil(span / DAY_MS);
    for (let day = 1; day <= days; day++) {
      const treeSize = Math.min(seq, Math.round((seq * day) / days));
      if (treeSize === 0 || (db.prepare('SELECT 1 FROM ledger_checkpoints WHERE tree_size = ?').get(treeSize) !== undefined)) continue;
      const at = first + day * DAY_MS;
      checkpoint.run(treeSize, at, keyId);
      if (day % 2 === 0) stamp.run(treeSize, at + 1_000, at + 2_000);
    }

    log('  weekly verification runs, some with findings');
    const run = db.prepare(`INSERT INTO verification_runs (id, trigger, actor, options, pid, state, started_at, finished_at, progress, findings) VALUES (?, 'schedule', 'scheduler', '{}', 1, ?, ?, ?, '[]', ?)`);
    const finding = db.prepare(`INSERT INTO verification_findings (run_id, seq, check_name, kind, message_id, entry_seq, detail) VALUES (?, ?, 'index-blobs', 'missing-blob', ?, NULL, 'blob file absent')`);
    for (let week = 0; week * 7 * DAY_MS < span; week++) {
      const findings = week % 5 === 0 ? 3 : 0;
      const id = `bench-run-${week}`;
      run.run(id, findings > 0 ? 'findings' : 'clean', first + week * 7 * DAY_MS + 3_600_000, first + week * 7 * DAY_MS + 7_200_000, findings);
      for (let n = 1; n <= findings; n++) finding.run(id, n, randomHex());
    }

    log('  audit entries: 40 users, two hundred a day, one heavy exporter in the period');
    const audit = db.prepare(`INSERT INTO audit_log (at, actor, action, detail, source) VALUES (?, ?, ?, ?, '192.0.2.10')`);
    for (let i = 0; i < days * 200; i++) {
      const actor = ACTORS[i % ACTORS.length] as string;
      const action = ACTIONS[(i * 7) % ACTIONS.length] as string;
      audit.run(first + Math.floor((i * DAY_MS) / 200), actor, action, JSON.stringify(action === 'export.request' ? { exportId: `exp-${i}`, messages: 120, query: 'from:carol' } : { q: 'invoice', returnedIds: [] }));
    }
    for (let i = 0; i < 400; i++) {
      audit.run(period.from.getTime() + i * 3_600_000, 'user-7', 'export.request', JSON.stringify({ exportId: `heavy-${i}`, messages: 5_000, query: 'all' }));
    }

    log('  the case: saved searches, review tags on held messages, timeline, exports');
    // Case work a third into the period; each step below spreads over less than a third of the shortest period (a day).
    const periodMiddle = period.from.getTime() + Math.floor((period.to.getTime() - period.from.getTime()) / 3);
    const search = db.prepare(`INSERT INTO case_searches (id, case_id, query, hit_count, ran_by, ran_at) VALUES (?, ?, ?, ?, 'olga-officer', ?)`);
    for (let i = 0; i < 25; i++) search.run(`bench-search-${i}`, BENCH_CASE_ID, `subject:"Quarterly figures ${i}" OR account:${i}`, 1000 + i * 37, periodMiddle + i * 60_000);
    db.prepare(
      `INSERT INTO case_review_tags (case_id, message_id, tag, tagged_by, tagged_at)
       SELECT @caseId, message_id, CASE WHEN substr(message_id, 2, 1) IN ('0', '1', '2') THEN 'privileged' WHEN substr(message_id, 2, 1) < '9' THEN 'responsive' ELSE 'not-responsive' END, 'olga-officer', @at
       FROM message_holds WHERE hold_id = 'bench-hold' AND substr(message_id, 1, 1) IN ('0', '1', '2', '3')`,
    ).run({ caseId: BENCH_CASE_ID, at: periodMiddle });
    const event = db.prepare(`INSERT INTO case_events (case_id, at, actor, action, detail) VALUES (?, ?, 'olga-officer', ?, ?)`);
    for (let i = 0; i < 2_000; i++) event.run(BENCH_CASE_ID, periodMiddle + i * 1_000, i % 2 ? 'tag.add' : 'search.save', JSON.stringify({ tag: 'responsive', messageIds: [randomHex()] }));
    const exportRow = db.prepare(
      `INSERT INTO exports (id, format, case_id, query, review_tag, status, requested_by, request_source, requested_at, started_at, finished_at, total, done, frozen, files)
       VALUES (?, ?, ?, NULL, 'responsive', 'completed', 'olga-officer', '192.0.2.10', ?, ?, ?, 5000, 5000, 1, ?)`,
    );
    for (let i = 0; i < 6; i++) {
      const at = periodMiddle + i * 3_600_000;
      const files = [{ name: i % 2 ? 'export.mbox' : 'export.zip', size: 50_000_000, sha256: randomHex() }, { name: 'manifest.csv', size: 900_000, sha256: randomHex() }];
      exportRow.run(`bench-export-${i}`, i % 2 ? 'mbox' : 'eml-zip', BENCH_CASE_ID, at, at + 1_000, at + 600_000, JSON.stringify(files));
    }
  })();
}

function countRows(file: string): Record<string, number> {
  const db = openDatabase(file);
  try {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return Object.fromEntries(['messages', 'incidents', 'ledger', 'tombstones', 'ledger_checkpoints', 'verification_runs', 'audit_log', 'message_holds', 'case_review_tags', 'case_events', 'exports'].map((t) => [t, count(t)]));
  } finally {
    db.close();
  }
}
