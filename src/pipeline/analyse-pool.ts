import type { Logger } from 'pino';
import { Piscina } from 'piscina';
import type { FsBlobStoreOptions } from '../archive/fs-blob-store.js';
import type { Config } from '../config/schema.js';
import type { BayesModel } from '../rules/bayes/index.js';
import type { Classification } from '../domain/classification.js';
import type { SmtpEnvelope } from '../domain/envelope.js';
import type { AnalyseTask, AnalyseWorkerData } from './analyse-worker.js';
import type { Analyse, Analysis } from './analysis.js';
import { parseLimitsOf } from './parse-limits.js';
import type { RulesHandle } from './rules-handle.js';
import { TaskSlots } from '../concurrency/task-slots.js';
import { notParsed, type ParsedOriginal } from './stages/parse/index.js';
import { WORKER_EXEC_ARGV } from '../concurrency/worker-exec-argv.js';

export interface AnalysePool {
  analyse: Analyse;
  /** Parses an original for display, in a worker; a timeout yields an `unparseable` flag. */
  describe(raw: Buffer): Promise<ParsedOriginal>;
  /** Classifies a message as an original (no unjournal, nothing stored): for benchmarks and tools. */
  classify(raw: Buffer, envelope: { sender: string | null; recipients: string[] }): Promise<Classification>;
  close(): Promise<void>;
}

/**
 * Runs unjournal + parse + classify + store in worker threads, so both cores work and a
 * pathological message cannot stall the SMTP sink or the API.
 *
 * A task past its deadline — `parseTimeoutMs`, plus the extraction budget and one attachment's
 * extraction timeout, since extraction bounds itself separately — is aborted (piscina replaces its thread) and the message is
 * analysed again without parsing: still archived byte-exact with its journal envelope, flagged
 * `unparseable`. Unjournal and parse never throw on content, so any other failure is the
 * infrastructure's (a full disk, an I/O error while storing): it is rethrown and the job retries,
 * then dead-letters with its reason, the message safe in the spool meanwhile.
 *
 * An abortable task gets a thread to itself (aborting ends the thread), so at most
 * `workerThreads` tasks are handed to piscina at once: the timeout then measures the work, not
 * time spent waiting in piscina's queue behind other messages.
 */
export function createAnalysePool(options: {
  pipeline: Readonly<Config['pipeline']>;
  archiveAddresses: readonly string[];
  journalReportSources: readonly string[];
  blobStore: FsBlobStoreOptions;
  rules: Readonly<Config['rules']>;
  /** The Bayes model loaded from `rules.bayesModelFile`; null when Bayes is off. */
  bayesModel: BayesModel | null;
  extraction: Readonly<Config['extraction']>;
  /** The rule set in force; read for every task, so a reload applies to the next message. */
  currentRules: () => RulesHandle;
  logger: Logger;
}): AnalysePool {
  const { pipeline, logger, rules, extraction } = options;
  const workerData: AnalyseWorkerData = {
    limits: parseLimitsOf(pipeline),
    archiveAddresses: [...options.archiveAddresses],
    journalReportSources: [...options.journalReportSources],
    blobs: options.blobStore,
    rules: {
      internalDomains: [...rules.internalDomains],
      spamThreshold: rules.spamThreshold,
      trustedAuthservIds: [...rules.trustedAuthservIds],
      dkim: { ...rules.dkim },
      bayesModel: options.bayesModel,
    },
    extraction: { ...extraction },
  };
  const deadlineMs = pipeline.parseTimeoutMs + extraction.messageBudgetMs + extraction.timeoutMs;
  const pool = new Piscina({
    filename: new URL('./analyse-worker.js', import.meta.url).href,
    workerData,
    minThreads: pipeline.workerThreads,
    maxThreads: pipeline.workerThreads,
    execArgv: [...WORKER_EXEC_ARGV],
    // Big attachments are parsed in memory; give each worker room for the largest message allowed.
    resourceLimits: { maxOldGenerationSizeMb: Math.max(512, Math.ceil((pipeline.maxParseBytes * 8) / 2 ** 20)) },
  });
  const slots = new TaskSlots(pipeline.workerThreads);

  const run = (raw: Buffer, envelope: SmtpEnvelope, mode: AnalyseTask['mode'], skippedReason?: string): Promise<Analysis> =>
    slots.use(() =>
      pool.run({ raw, envelope, mode, skippedReason, rules: options.currentRules() } satisfies AnalyseTask, { signal: AbortSignal.timeout(deadlineMs) }),
    );

  const analyse: Analyse = async (raw, envelope) => {
    try {
      return await run(raw, envelope, 'full');
    } catch (error) {
      if (!isTimeout(error)) throw error;
      const reason = `analysis timed out after ${deadlineMs} ms`;
      logger.warn({ reason, size: raw.length }, 'message archived without parsing');
      return run(raw, envelope, 'unjournal-only', reason);
    }
  };
  const describe = async (raw: Buffer): Promise<ParsedOriginal> => {
    try {
      return await slots.use(() => pool.run({ raw }, { name: 'describe', signal: AbortSignal.timeout(pipeline.parseTimeoutMs) }));
    } catch (error) {
      if (!isTimeout(error)) throw error;
      return notParsed({ flag: 'unparseable', reason: `parsing timed out after ${pipeline.parseTimeoutMs} ms` });
    }
  };
  const classify = (raw: Buffer, envelope: { sender: string | null; recipients: string[] }): Promise<Classification> =>
    slots.use(() => pool.run({ raw, envelope, rules: options.currentRules() }, { name: 'classifyOnly', signal: AbortSignal.timeout(deadlineMs) }));
  return { analyse, describe, classify, close: () => pool.destroy() };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
