import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { Piscina } from 'piscina';
import type { Config } from '../config/schema.js';
import type { SmtpEnvelope } from '../domain/envelope.js';
import type { AnalyseTask } from './analyse-worker.js';
import type { Analyse, Analysis } from './analysis.js';
import { parseLimitsOf } from './parse-limits.js';

export interface AnalysePool {
  analyse: Analyse;
  close(): Promise<void>;
}

/**
 * Runs unjournal + parse in worker threads so both cores work and a pathological message cannot
 * stall the SMTP sink or the API. A task past `parseTimeoutMs` is aborted (its thread is
 * replaced) and the message is analysed again without parsing, so it is still archived, byte-exact,
 * with its journal envelope, and flagged `unparseable`. If even that fails, the received message
 * is archived whole as a BCC copy. Nothing is ever dropped for being hard to read.
 */
export function createAnalysePool(options: {
  pipeline: Readonly<Config['pipeline']>;
  archiveAddresses: readonly string[];
  logger: Logger;
}): AnalysePool {
  const { pipeline, logger } = options;
  const pool = new Piscina({
    filename: new URL('./analyse-worker.js', import.meta.url).href,
    minThreads: pipeline.workerThreads,
    maxThreads: pipeline.workerThreads,
    // Big attachments are parsed in memory; give each worker room for the largest message allowed.
    resourceLimits: { maxOldGenerationSizeMb: Math.max(512, Math.ceil((pipeline.maxParseBytes * 8) / 2 ** 20)) },
  });
  const limits = parseLimitsOf(pipeline);
  const archiveAddresses = [...options.archiveAddresses];

  const run = (raw: Buffer, envelope: SmtpEnvelope, mode: AnalyseTask['mode'], skippedReason?: string): Promise<Analysis> =>
    pool.run({ raw, envelope, limits, archiveAddresses, mode, skippedReason } satisfies AnalyseTask, {
      signal: AbortSignal.timeout(pipeline.parseTimeoutMs),
    }).then(revive);

  const analyse: Analyse = async (raw, envelope) => {
    try {
      return await run(raw, envelope, 'full');
    } catch (error) {
      const reason = `analysis failed: ${describe(error, pipeline.parseTimeoutMs)}`;
      logger.warn({ reason, size: raw.length }, 'message archived without parsing');
      try {
        return await run(raw, envelope, 'unjournal-only', reason);
      } catch (second) {
        return wholeMessageFallback(raw, envelope, `${reason}; unjournal failed: ${describe(second, pipeline.parseTimeoutMs)}`);
      }
    }
  };
  return { analyse, close: () => pool.destroy() };
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) return `timed out after ${timeoutMs} ms`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Buffers cross the thread boundary as Uint8Arrays; make them Buffers again. */
function revive(analysis: Analysis): Analysis {
  for (const original of analysis.originals) {
    const bytes = original.bytes as Uint8Array;
    original.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return analysis;
}

function wholeMessageFallback(raw: Buffer, envelope: SmtpEnvelope, reason: string): Analysis {
  return {
    journal: {
      source: 'bcc-copy',
      sender: envelope.mailFrom || null,
      onBehalfOf: null,
      reportedMessageId: null,
      reportedSubject: null,
      recipients: envelope.rcptTo.map((address) => ({ address: address.toLowerCase(), kind: 'envelope' as const })),
    },
    originals: [{
      role: 'primary',
      bytes: raw,
      document: {
        id: createHash('sha256').update(raw).digest('hex'),
        size: raw.length,
        messageId: null, subject: null, sentAt: null, addresses: [], bodyText: '', attachments: [],
        flags: [{ flag: 'unparseable', reason }],
      },
    }],
  };
}
