import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { Piscina } from 'piscina';
import type { BlobStore } from '../archive/blob-store.js';
import type { FsBlobStoreOptions } from '../archive/fs-blob-store.js';
import type { Config } from '../config/schema.js';
import type { SmtpEnvelope } from '../domain/envelope.js';
import type { AnalyseTask, AnalyseWorkerData } from './analyse-worker.js';
import { unparsed, type Analyse, type Analysis } from './analysis.js';
import { parseLimitsOf } from './parse-limits.js';

export interface AnalysePool {
  analyse: Analyse;
  close(): Promise<void>;
}

/**
 * Runs unjournal + parse + store in worker threads, so both cores work and a pathological message
 * cannot stall the SMTP sink or the API. A task past `parseTimeoutMs` is aborted (its thread is
 * replaced) and the message is analysed again without parsing, so it is still archived, byte-exact,
 * with its journal envelope, and flagged `unparseable`. If even that fails, the received message
 * is archived whole as a BCC copy. Nothing is ever dropped for being hard to read.
 */
export function createAnalysePool(options: {
  pipeline: Readonly<Config['pipeline']>;
  archiveAddresses: readonly string[];
  /** Where the workers store originals; `blobs` is the same store, for the last-resort fallback. */
  blobStore: FsBlobStoreOptions;
  blobs: BlobStore;
  logger: Logger;
}): AnalysePool {
  const { pipeline, logger } = options;
  const workerData: AnalyseWorkerData = {
    limits: parseLimitsOf(pipeline),
    archiveAddresses: [...options.archiveAddresses],
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

  const run = (raw: Buffer, envelope: SmtpEnvelope, mode: AnalyseTask['mode'], skippedReason?: string): Promise<Analysis> =>
    pool.run({ raw, envelope, mode, skippedReason } satisfies AnalyseTask, { signal: AbortSignal.timeout(pipeline.parseTimeoutMs) });

  const analyse: Analyse = async (raw, envelope) => {
    try {
      return await run(raw, envelope, 'full');
    } catch (error) {
      const reason = `analysis failed: ${describe(error, pipeline.parseTimeoutMs)}`;
      logger.warn({ reason, size: raw.length }, 'message archived without parsing');
      try {
        return await run(raw, envelope, 'unjournal-only', reason);
      } catch (second) {
        const why = `${reason}; unjournal failed: ${describe(second, pipeline.parseTimeoutMs)}`;
        return wholeMessageFallback(raw, envelope, why, options.blobs);
      }
    }
  };
  return { analyse, close: () => pool.destroy() };
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) return `timed out after ${timeoutMs} ms`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The last resort: the received message itself, stored whole, its envelope from SMTP alone. */
async function wholeMessageFallback(raw: Buffer, envelope: SmtpEnvelope, reason: string, blobs: BlobStore): Promise<Analysis> {
  const id = createHash('sha256').update(raw).digest('hex');
  await blobs.put(id, raw);
  return {
    receivedSha256: id,
    journal: {
      source: 'bcc-copy',
      sender: envelope.mailFrom || null,
      onBehalfOf: null,
      reportedMessageId: null,
      reportedSubject: null,
      recipients: envelope.rcptTo.map((address) => ({ address: address.toLowerCase(), kind: 'envelope' as const })),
    },
    originals: [{ role: 'primary', document: { id, size: raw.length, ...unparsed(reason) } }],
  };
}
