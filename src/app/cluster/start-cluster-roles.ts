import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { createApiApp } from '../../api/app.js';
import { startApiServer } from '../../api/start-api-server.js';
import { createFsBlobStore } from '../../archive/fs-blob-store.js';
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
import { createPipelineHandlers, loadRules, startAnalysis, type Analysis, type BlobStoreSettings } from '../pipeline-worker.js';
import { rulesApi } from '../rules-api.js';
import { clusterHealth } from './cluster-health.js';
import type { ClusterRole } from './cluster-roles.js';
import { openClusterStores, type ClusterStores } from './cluster-stores.js';
import { startSpoolSweep } from './spool-sweep.js';
import { waitForSearchEngine } from './wait-for-search-engine.js';

/** How often the scheduler hands spooled messages to the queue again (see `startSpoolSweep`). */
const SPOOL_SWEEP_INTERVAL_MS = 60_000;

export interface RunningRoles {
  roles: readonly ClusterRole[];
  /** The SMTP sink's port, when this process runs the `smtp` role. */
  smtpPort: number | null;
  /** The API's URL, when this process runs the `api` role. */
  apiUrl: string | null;
  /** SIGHUP: reloads this process's rule packs (each worker and API process reloads its own). */
  reload(): Promise<void>;
  /** Stops taking mail and requests, finishes the jobs in flight, closes connections. */
  close(): Promise<void>;
}

/**
 * The composition root of the cluster profile: the given roles in this process, over Redis
 * (BullMQ), the search cluster and the shared data directory. Same order as the embedded profile:
 * storage first, then the workers and the API, the SMTP sink last, so no `250` is given before
 * the process is ready; shutdown in reverse. The SMTP role needs Redis and the shared filesystem
 * only, so a search-cluster outage never stops mail from being accepted.
 */
export async function startClusterRoles(config: Readonly<Config>, logger: Logger, roles: readonly ClusterRole[]): Promise<RunningRoles> {
  const runs = (role: ClusterRole) => roles.includes(role);
  // Everything read from outside the config file is checked before anything is created.
  const encryptionKey = readEncryptionKey(config.archive.encryptionKeyFile);
  const tls = runs('smtp') ? readTlsMaterial(config.smtp.tls) : null;
  const loadedRules = runs('worker') || runs('api') ? await loadRules(config, logger) : null;
  const connection = redisConnectionOptions(config.cluster.redis);

  const closers: Array<() => unknown> = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  const starting = new AbortController();
  closers.push(() => starting.abort(new Error('shutting down')));
  try {
    const dataDir = resolve(config.dataDir);
    const blobStore: BlobStoreSettings = { root: join(dataDir, 'blobs'), compression: config.archive.compression, encryptionKey };
    mkdirSync(blobStore.root, { recursive: true, mode: 0o700 });
    const blobs = createFsBlobStore(blobStore);
    const queue = new BullmqJobQueue({
      connection, prefix: config.cluster.redis.prefix, retry: config.pipeline.retry, logger,
      lockDurationMs: config.cluster.jobLockMs, stalledIntervalMs: config.cluster.jobLockMs,
    });
    closers.push(() => queue.close());
    const spool = new FsSpool({ root: join(dataDir, 'spool'), enqueue: (id) => queue.enqueue('ingest', { spoolId: id }, id) });

    let stores: ClusterStores | null = null;
    if (runs('worker') || runs('api')) {
      const engine = await waitForSearchEngine(config.cluster.search, { logger, signal: starting.signal });
      closers.push(() => engine.close());
      stores = await openClusterStores(engine, config.cluster.search.indexPrefix);
    }
    let analysis: Analysis | null = null;
    if (loadedRules !== null) {
      analysis = startAnalysis(config, loadedRules, blobStore, logger);
      const { pool } = analysis;
      closers.push(() => pool.close());
    }

    if (runs('worker') && stores !== null && analysis !== null) {
      const pipeline = createPipelineHandlers({ config, analysis, spool, index: stores.index, queue, logger });
      closers.push(() => pipeline.notifier.close());
      queue.start(
        { ingest: pipeline.ingest, notify: pipeline.notify, export: notOnCluster('export'), report: notOnCluster('report') },
        { concurrency: config.pipeline.concurrency },
      );
      closers.push(() => queue.drain());
      const offered = await spool.recover();
      logger.info({ offered, spooled: await spool.size() }, 'worker started; spooled messages offered to the queue');
    }
    if (runs('scheduler')) {
      const sweep = startSpoolSweep({ spool, intervalMs: SPOOL_SWEEP_INTERVAL_MS, logger });
      closers.push(() => sweep.stop());
    }

    let apiUrl: string | null = null;
    if (runs('api') && stores !== null && analysis !== null) {
      await bootstrapAdminToken({ tokens: stores.tokens, dataDir, logger });
      const api = await startApiServer(
        createApiApp({
          index: stores.index, blobs, queue, tokens: stores.tokens, logger, parseQuery,
          incidents: stores.incidents,
          rules: rulesApi(analysis.rules),
          describeOriginal: analysis.pool.describe,
          audit: stores.audit,
          auditChain: stores.auditChain,
          compliance: null,
          health: () => clusterHealth({ queue, engine: stores.engine, spool }),
        }),
        config.api,
      );
      closers.push(() => api.close());
      apiUrl = api.url;
      logger.info({ url: api.url }, 'API listening');
    }

    let smtpPort: number | null = null;
    if (runs('smtp')) {
      const sink = await startJournalSink({ config: config.smtp, spool, logger, tls });
      closers.push(() => sink.close());
      smtpPort = sink.port;
    }

    const reload = async () => {
      if (loadedRules === null) return;
      if (stores !== null) {
        await stores.audit.append({ actor: 'signal:SIGHUP', action: 'rules.reload', source: SYSTEM_SOURCE, detail: { activeVersion: loadedRules.rules.current().ruleSet.version } });
      }
      const result = await loadedRules.rules.reload();
      if (!result.ok) logger.warn({ problems: result.error.problems }, 'rules reload refused; the set in force stays');
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
