import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { ArchiveIndex } from '../archive/archive-index.js';
import type { Config } from '../config/schema.js';
import type { ArchiveDocument } from '../domain/archive-record.js';
import { createNotifier, type Notifier } from '../notify/notifier.js';
import { createAnalysePool } from '../pipeline/analyse-pool.js';
import { createIngestHandler } from '../pipeline/graph.js';
import { createIndexStage } from '../pipeline/stages/archive/index-originals.js';
import type { JobHandler } from '../queue/catalogue.js';
import type { JobQueue } from '../queue/job-queue.js';
import { loadActiveRules, type ActiveRules } from '../rules/active-rules.js';
import { loadBayesModel, type BayesModel } from '../rules/bayes/index.js';
import type { Spool } from '../spool/spool.js';

/** The rule packs shipped with Custodian: `rules/` at the top of the installation. */
const SHIPPED_RULES = fileURLToPath(new URL('../../../rules/', import.meta.url));

/** Where blobs are stored, as the analyse workers (threads) open the blob store themselves. */
export interface BlobStoreSettings {
  root: string;
  compression: Config['archive']['compression'];
  encryptionKey: Buffer | null;
}

/** The rule set in force and the analyse workers: what the pipeline and the API's message view share. */
export interface Analysis {
  rules: ActiveRules;
  pool: ReturnType<typeof createAnalysePool>;
}

/** The rule set in force and the Bayes model, loaded before anything is opened. */
export interface LoadedRules {
  rules: ActiveRules;
  bayesModel: BayesModel | null;
}

/** Loads the rule packs and the Bayes model; an invalid pack stops start-up with a RuleLoadError. */
export async function loadRules(config: Readonly<Config>, logger: Logger): Promise<LoadedRules> {
  const rules = await loadActiveRules({ settings: config.rules, shippedRoot: SHIPPED_RULES, logger });
  const bayesModel = config.rules.bayesModelFile === undefined ? null : await loadBayesModel(config.rules.bayesModelFile);
  return { rules, bayesModel };
}

/** Starts the analyse worker threads (unjournal, parse, classify, store) on the loaded rules. */
export function startAnalysis(config: Readonly<Config>, loaded: LoadedRules, blobStore: BlobStoreSettings, logger: Logger): Analysis {
  const { rules, bayesModel } = loaded;
  const pool = createAnalysePool({
    pipeline: config.pipeline,
    archiveAddresses: config.smtp.archiveAddresses,
    journalReportSources: config.smtp.journalReportSources,
    blobStore,
    rules: config.rules,
    bayesModel,
    extraction: config.extraction,
    currentRules: () => rules.current().handle,
    logger,
  });
  return { rules, pool };
}

/** The handlers of the pipeline's own jobs, `ingest` and `notify`, and what they hold open. */
export interface PipelineHandlers {
  ingest: JobHandler<'ingest'>;
  notify: JobHandler<'notify'>;
  notifier: Notifier;
}

/** The ingest stage graph over the given spool, index and queue (both profiles build it here). */
export function createPipelineHandlers(deps: {
  config: Readonly<Config>;
  analysis: Analysis;
  spool: Spool;
  index: ArchiveIndex;
  queue: JobQueue;
  /** Ledger, holds and retention after each record (embedded profile); absent: nothing. */
  afterRecord?: (document: ArchiveDocument) => Promise<void>;
  logger: Logger;
}): PipelineHandlers {
  const { config, analysis, spool, index, queue, logger } = deps;
  const notifier = createNotifier({ settings: config.notify, index, logger });
  const ingest = createIngestHandler({
    spool,
    analyse: analysis.pool.analyse,
    index: createIndexStage({ index, ...(deps.afterRecord === undefined ? {} : { afterRecord: deps.afterRecord }) }),
    enqueueNotices: async (document) => {
      for (const job of notifier.jobsFor(document)) await queue.enqueue('notify', job.payload, job.id);
    },
    logger,
  });
  return { ingest, notify: notifier.handler, notifier };
}
