import type { Logger } from 'pino';
import { Piscina } from 'piscina';
import type { FsBlobStoreOptions } from '../archive/fs-blob-store.js';
import type { Config } from '../config/schema.js';
import type { SmtpEnvelope } from '../domain/envelope.js';
import type { AnalyseTask, AnalyseWorkerData } from './analyse-worker.js';
import type { Analyse, Analysis } from './analysis.js';
import { parseLimitsOf } from './parse-limits.js';
import { notParsed, type ParsedOriginal } from './stages/parse/index.js';

export interface AnalysePool {
  analyse: Analyse;
  /** Parses an original for display, in a worker; a timeout yields an `unparseable` flag. */
  describe(raw: Buffer): Promise<ParsedOriginal>;
  close(): Promise<void>;
}

/**
 * Runs unjournal + parse + store in worker threads, so both cores work and a pathological message
 * cannot stall the SMTP sink or the API.
 *
 * A task past `parseTimeoutMs` is aborted (piscina replaces its thread) and the message is
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
  logger: Logger;
}): AnalysePool {
  const { pipeline, logger } = options;
  const workerData: AnalyseWorkerData = {
    limits: parseLimitsOf(pipeline),
    archiveAddresses: [...options.archiveAddresses],
    journalReportSources: [...options.journalReportSources],
    blobs: options.blobStore,
  };
  const pool = new Piscina({
    filename: new URL('./analyse-worker.js', import.meta.url).href,
    workerData,
    minThreads: pipeline.workerThreads,
    maxThreads: pipeline.workerThreads,
    // Big attachments are parsed in memory; give each worker room for the largest message allowed.
    resourceLimits: { maxOldGenerationSizeMb: Math.max(512, Math.ceil((pipeline.maxParseBytes * 8) / 2 ** 20)) },
  });
  const slots = new Slots(pipeline.workerThreads);

  const run = (raw: Buffer, envelope: SmtpEnvelope, mode: AnalyseTask['mode'], skippedReason?: string): Promise<Analysis> =>
    slots.use(() =>
      pool.run({ raw, envelope, mode, skippedReason } satisfies AnalyseTask, { signal: AbortSignal.timeout(pipeline.parseTimeoutMs) }),
    );

  const analyse: Analyse = async (raw, envelope) => {
    try {
      return await run(raw, envelope, 'full');
    } catch (error) {
      if (!isTimeout(error)) throw error;
      const reason = `parsing timed out after ${pipeline.parseTimeoutMs} ms`;
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
  return { analyse, describe, close: () => pool.destroy() };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** A counting semaphore: at most `size` calls of `use` run at once, the rest wait in order. */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    this.free = size;
  }

  async use<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}
