import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { createApiApp } from '../../api/app.js';
import { startApiServer } from '../../api/start-api-server.js';
import { createFsBlobStore, removeAbandonedWrites } from '../../archive/fs-blob-store.js';
import type { AuditLog } from '../../audit/audit-log.js';
import { SYSTEM_SOURCE } from '../../audit/audit-source.js';
import { bootstrapAdminToken } from '../../auth/bootstrap-admin-token.js';
import type { Config } from '../../config/schema.js';
import { parseQuery } from '../../query/parse-query.js';
import { BullmqJobQueue } from '../../queue/bullmq/bullmq-job-queue.js';
import { redisConnectionOptions } from '../../queue/bullmq/redis-connection.js';
import { UnrecoverableJobError } from '../../queue/errors.js';
import { startJournalSink } from '../../smtp/journal-sink.js';
import { readTlsMaterial } from '../../smtp/tls-material.js';
import { FsSpool } from '../../spool/fs-spool.js';
import { readEncryptionKey } from '../encryption-key.js';
import { createPipelineHandlers, loadRules, startAnalysis, type BlobStoreSettings } from '../pipeline-worker.js';
import { rulesApi } from '../rules-api.js';
import { announcingReloads, startRulesReloadChannel } from './rules-reload-channel.js';
import { clusterHealth } from './cluster-health.js';
import type { ClusterRole } from './cluster-roles.js';
import { openClusterStores } from './cluster-stores.js';
import { startPeriodicTask } from './periodic-task.js';
import { claimSharedDataDir } from './shared-data-dir.js';
import { waitForSearchEngine } from './wait-for-search-engine.js';

/** How often the scheduler hands spooled messages to the queue again (see FsSpool.recover). */
const SPOOL_SWEEP_INTERVAL_MS = 60_000;
/** How often, and past what age, the scheduler removes blob writes a killed worker left half-done. */
const ABANDONED_WRITES_INTERVAL_MS = 60 * 60_000;

export interface RunningRoles {
  roles: readonly ClusterRole[];
  /** The SMTP sink's port, when this process runs the `smtp` role. */
  smtpPort: number | null;
  /** The API's URL, when this process runs the `api` role. */
  apiUrl: string | null;
  /** SIGHUP: reloads this process's rule packs (`POST /rules/reload` reloads them in every process). */
  reload(): Promise<void>;
  /** Stops taking mail (first) and requests, finishes the jobs in flight, closes connections. */
  close(): Promise<void>;
}

/**
 * The composition root of the cluster profile: the given roles in this process, over Redis
 * (BullMQ), the search cluster and the shared data directory. The SMTP sink needs only Redis and
 * the shared directory, so it starts before anything waits for the search cluster: an outage of
 * the cluster never stops mail from being accepted, even across a restart. Workers and the API
 * wait for the cluster. Shutdown stops the sink first, then runs the rest in reverse.
 * `signal` aborts a start-up that is still waiting (SIGTERM before the process is up).
 */
export async function startClusterRoles(
  config: Readonly<Config>,
  logger: Logger,
  roles: readonly ClusterRole[],
  options: { signal?: AbortSignal } = {},
): Promise<RunningRoles> {
  const runs = (role: ClusterRole) => roles.includes(role);
  // Everything read from outside the config file is checked before anything is created.
  const encryptionKey = readEncryptionKey(config.archive.encryptionKeyFile);
  const tls = runs('smtp') ? readTlsMaterial(config.smtp.tls) : null;
  const loadedRules = runs('worker') || runs('api') ? await loadRules(config, logger) : null;
  const connection = redisConnectionOptions(config.cluster.redis);
  const dataDir = resolve(config.dataDir);
  const checkStorage = await claimSharedDataDir({ dataDir, connection, redisKey: `${config.cluster.redis.prefix}:cluster-id` });

  const closers: Array<() => unknown> = [];
  let stopSink: (() => Promise<void>) | null = null;
  const close = async () => {
    await stopSink?.();
    stopSink = null;
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    const blobStore: BlobStoreSettings = { root: join(dataDir, 'blobs'), compression: config.archive.compression, encryptionKey };
    mkdirSync(blobStore.root, { recursive: true, mode: 0o700 });
    const blobs = createFsBlobStore(blobStore);
    const queue = new BullmqJobQueue({
      connection, prefix: config.cluster.redis.prefix, retry: config.pipeline.retry, logger,
      lockDurationMs: config.cluster.jobLockMs, stalledIntervalMs: config.cluster.jobLockMs,
    });
    closers.push(() => queue.close());
    const spool = new FsSpool({ root: join(dataDir, 'spool'), enqueue: (id) => queue.enqueue('ingest', { spoolId: id }, id), checkStorage });

    let smtpPort: number | null = null;
    if (runs('smtp')) {
      const sink = await startJournalSink({ config: config.smtp, spool, logger, tls });
      stopSink = () => sink.close();
      smtpPort = sink.port;
    }
    if (runs('scheduler')) {
      const sweep = startPeriodicTask({
        name: 'spool sweep', intervalMs: SPOOL_SWEEP_INTERVAL_MS, logger,
        run: async () => {
          const offered = await spool.recover();
          if (offered > 0) logger.info({ offered }, 'spool sweep: spooled messages offered to the queue again');
        },
      });
      closers.push(() => sweep.stop());
      const abandoned = startPeriodicTask({
        name: 'abandoned blob writes', intervalMs: ABANDONED_WRITES_INTERVAL_MS, logger,
        run: async () => {
          const removed = await removeAbandonedWrites(blobStore.root, { olderThanMs: ABANDONED_WRITES_INTERVAL_MS });
          if (removed > 0) logger.info({ removed }, 'removed blob writes abandoned by stopped workers');
        },
      });
      closers.push(() => abandoned.stop());
    }

    let apiUrl: string | null = null;
    let audit: AuditLog | null = null;
    if (loadedRules !== null) {
      const { engine, prepared: stores } = await waitForSearchEngine(config.cluster.search, {
        logger, signal: options.signal ?? new AbortController().signal,
        prepare: (connected) => openClusterStores(connected, config.cluster.search.indexPrefix),
      });
      closers.push(() => engine.close());
      audit = stores.audit;
      const analysis = startAnalysis(config, loadedRules, blobStore, logger);
      closers.push(() => analysis.pool.close());
      const reloads = await startRulesReloadChannel({ connection, prefix: config.cluster.redis.prefix, rules: analysis.rules, logger });
      closers.push(() => reloads.close());

      if (runs('worker')) {
        const pipeline = createPipelineHandlers({ config, analysis, spool, index: stores.index, queue, logger });
        closers.push(() => pipeline.notifier.close());
        queue.start(
          { ingest: pipeline.ingest, notify: pipeline.notify, export: notOnCluster('export'), report: notOnCluster('report') },
          { concurrency: config.pipeline.concurrency },
        );
        closers.push(() => queue.drain());
        const offered = await spool.recover();
        logger.info({ offered }, 'worker started; spooled messages offered to the queue');
      }
      if (runs('api')) {
        await bootstrapAdminToken({ tokens: stores.tokens, dataDir, logger });
        const api = await startApiServer(
          createApiApp({
            index: stores.index, blobs, queue, tokens: stores.tokens, logger, parseQuery,
            incidents: stores.incidents,
            rules: announcingReloads(rulesApi(analysis.rules), () => reloads.announce(), logger),
            describeOriginal: analysis.pool.describe,
            audit: stores.audit,
            auditChain: stores.auditChain,
            compliance: null,
            health: () => clusterHealth({ queue, engine, spool }),
          }),
          config.api,
        );
        closers.push(() => api.close());
        apiUrl = api.url;
        logger.info({ url: api.url }, 'API listening');
      }
    }

    const reload = async () => {
      if (loadedRules === null) return;
      await audit?.append({ actor: 'signal:SIGHUP', action: 'rules.reload', source: SYSTEM_SOURCE, detail: { activeVersion: loadedRules.rules.current().ruleSet.version } });
      const result = await loadedRules.rules.reload();
      if (result.ok) logger.info({ version: result.version, changed: result.changed }, 'rules reloaded (SIGHUP)');
      else logger.warn({ problems: result.error.problems }, 'rules reload refused; the set in force stays');
    };
    logger.info({ roles, profile: 'cluster' }, 'roles started');
    return { roles, smtpPort, apiUrl, reload, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Exports and reports run on the embedded profile only in this version; nothing enqueues them here. */
function notOnCluster(job: string) {
  return async (): Promise<never> => {
    throw new UnrecoverableJobError(`${job} jobs run on the embedded profile only in this version`);
  };
}
