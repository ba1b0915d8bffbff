import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { createApiApp } from '../api/app.js';
import { startApiServer } from '../api/start-api-server.js';
import { createFsBlobStore, removeAbandonedWrites } from '../archive/fs-blob-store.js';
import { SqliteArchiveIndex } from '../archive/sqlite/sqlite-archive-index.js';
import { SYSTEM_SOURCE } from '../audit/audit-source.js';
import { createSqliteAuditChain } from '../audit/sqlite-audit-chain.js';
import { createSqliteAuditLog } from '../audit/sqlite-audit-log.js';
import { backfillLedger } from '../integrity/backfill-ledger.js';
import { bootstrapAdminToken } from '../auth/bootstrap-admin-token.js';
import { createSqliteTokenStore } from '../auth/sqlite-token-store.js';
import type { Config } from '../config/schema.js';
import { startCheckpointer } from '../db/checkpointer.js';
import { GroupCommit } from '../db/group-commit.js';
import { openDatabase, type Db } from '../db/open-database.js';
import { SqliteIncidentStore } from '../incidents/sqlite/sqlite-incident-store.js';
import { parseQuery } from '../query/parse-query.js';
import type { JobQueue } from '../queue/job-queue.js';
import { SqliteJobQueue } from '../queue/sqlite/sqlite-job-queue.js';
import { startJournalSink } from '../smtp/journal-sink.js';
import { readTlsMaterial } from '../smtp/tls-material.js';
import type { Spool } from '../spool/spool.js';
import { SqliteSpool } from '../spool/sqlite-spool.js';
import { lockDataDir } from './data-dir-lock.js';
import { readEncryptionKey } from './encryption-key.js';
import { rulesApi } from './rules-api.js';
import { createComplianceServices } from './compliance-services.js';
import { createDiscoveryServices } from './discovery-services.js';
import { createSmtpReportMailer } from '../reports/report-mailer.js';
import { scheduleComplianceWork } from './schedule-compliance-work.js';
import { createPipelineHandlers, loadRules, startAnalysis } from './pipeline-worker.js';
import type { ActiveRules } from '../rules/active-rules.js';

export interface RunningAppliance {
  smtpPort: number;
  apiUrl: string;
  /** The rule set in force. */
  rules: ActiveRules;
  /** Reloads the rule packs and the retention policies (SIGHUP); an invalid set is refused and logged, the one in force stays. */
  reload(): Promise<void>;
  /** Stops accepting mail and requests, finishes jobs in flight, closes storage. */
  close(): Promise<void>;
}

/**
 * The composition root of the embedded profile: every adapter is built here and handed to what
 * uses it, so no module reaches for a global. Start-up order matters: storage and recovery first,
 * then the pipeline, the API, and last the SMTP sink, so no `250` is given before all is ready.
 * Shutdown runs in reverse: the sink stops first, jobs in flight finish, storage closes last.
 */
export async function startEmbeddedAppliance(config: Readonly<Config>, logger: Logger): Promise<RunningAppliance> {
  // Everything read from outside the config file is checked before anything is created.
  const encryptionKey = readEncryptionKey(config.archive.encryptionKeyFile);
  const tls = readTlsMaterial(config.smtp.tls);
  // An invalid rule pack stops start-up here (RuleLoadError), before anything is opened.
  const loadedRules = await loadRules(config, logger);

  const dataDir = resolve(config.dataDir);
  const unlock = lockDataDir(dataDir);
  // Closers of what has started, run in reverse on shutdown or when start-up fails half-way.
  const closers: Array<() => unknown> = [unlock];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    mkdirSync(join(dataDir, 'blobs'), { recursive: true, mode: 0o700 });
    const db = openDatabase(join(dataDir, 'custodian.db'));
    closers.push(() => db.close());
    const writer = new GroupCommit(db);
    closers.push(() => writer.close());
    const checkpointer = startCheckpointer(db, logger);
    closers.push(() => checkpointer.stop());
    const queue = new SqliteJobQueue({ db, writer, retry: config.pipeline.retry, logger });
    const spool = new SqliteSpool(db, writer, queue);
    const index = new SqliteArchiveIndex(db, writer);
    const blobStore = { root: join(dataDir, 'blobs'), compression: config.archive.compression, encryptionKey };
    const blobs = createFsBlobStore(blobStore);
    const abandoned = await removeAbandonedWrites(blobStore.root);

    const audit = createSqliteAuditLog(db);
    const compliance = await createComplianceServices({ config, db, writer, index, blobs, blobRoot: blobStore.root, audit, logger });
    closers.push(() => compliance.stop());
    const backfilled = await backfillLedger(db, compliance.ledger);
    if (backfilled > 0) logger.info({ backfilled }, 'ledger entries added for messages archived before the ledger');
    await compliance.resume();
    // A bad report definition stops start-up here, with file and line, before any mail is taken.
    const discovery = await createDiscoveryServices({
      config, db, writer, index, blobs, audit, compliance, queue, logger,
    });
    const reEnqueued = { exports: await discovery.exports.enqueueUnfinished(), reports: await discovery.reports.enqueueUnfinished() };
    if (reEnqueued.exports + reEnqueued.reports > 0) logger.info(reEnqueued, 'unfinished exports and report runs queued again');

    const resumed = queue.recoverAbandoned();
    const requeued = await spool.recover();
    logger.info({ dataDir, resumed, requeued, abandoned, spooled: await spool.size() }, 'recovered spool, queue and blob store');

    const analysis = startAnalysis(config, loadedRules, blobStore, logger);
    const { rules, pool } = analysis;
    closers.push(() => pool.close());
    const pipeline = createPipelineHandlers({
      config, analysis, spool, index, queue, logger, afterRecord: (document) => compliance.afterRecord(document),
    });
    closers.push(() => pipeline.notifier.close());
    queue.start(
      { ingest: pipeline.ingest, notify: pipeline.notify, export: discovery.exports.handler, report: discovery.reports.handleJob },
      { concurrency: config.pipeline.concurrency },
    );
    closers.push(() => queue.drain());
    const mailer = config.notify === undefined ? null : createSmtpReportMailer({ relay: config.notify.relay, from: config.notify.from });
    if (mailer !== null) closers.push(() => mailer.close());
    const scheduler = scheduleComplianceWork({ config, compliance, discovery, mailer, audit, logger });
    closers.push(() => scheduler.stop());
    // Runs before the scheduler stops: a verification in progress is cancelled, not waited for.
    closers.push(() => compliance.verifications.close());

    const tokens = createSqliteTokenStore(db);
    await bootstrapAdminToken({ tokens, dataDir, logger });
    const api = await startApiServer(
      createApiApp({
        index, blobs, queue, tokens, logger, parseQuery,
        incidents: new SqliteIncidentStore(db),
        rules: rulesApi(rules),
        describeOriginal: pool.describe,
        audit,
        auditChain: createSqliteAuditChain(db),
        compliance: { ...compliance.api(), ...discovery.api() },
        health: () => healthOf(db, writer, spool, queue),
      }),
      config.api,
    );
    closers.push(() => api.close());
    logger.info({ url: api.url }, 'API listening');
    const sink = await startJournalSink({ config: config.smtp, spool, logger, tls });
    closers.push(() => sink.close());
    const reload = async () => {
      await audit.append({ actor: 'signal:SIGHUP', action: 'rules.reload', source: SYSTEM_SOURCE, detail: { activeVersion: rules.current().ruleSet.version, policies: true } });
      await rules.reload();
      const policies = await compliance.retention.reloadPolicies();
      if (!policies.ok) logger.warn({ problems: policies.problems }, 'retention policy reload refused; the policies in force stay');
    };
    return { smtpPort: sink.port, apiUrl: api.url, rules, reload, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function healthOf(db: Db, writer: GroupCommit, spool: Spool, queue: JobQueue): Promise<{ ok: boolean; checks: Record<string, string> }> {
  const checks: Record<string, string> = {};
  try {
    db.prepare('SELECT 1').get();
    checks.database = 'ok';
    checks.durability = writer.durabilityFailure ? `failed: ${writer.durabilityFailure.message}` : 'ok';
    checks.spooled = String(await spool.size());
    const counts = await queue.counts();
    checks.queue = `waiting ${counts.waiting}, active ${counts.active}, dead ${counts.dead}`;
    return { ok: writer.durabilityFailure === null, checks };
  } catch (error) {
    checks.database = `failed: ${(error as Error).message}`;
    return { ok: false, checks };
  }
}
