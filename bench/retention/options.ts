import { parseArgs } from 'node:util';

export interface RetentionBenchOptions {
  /** Messages in the archive, all expired. Default 1,000,000. */
  messages: number;
  /** Of those, under a legal hold. Default a tenth. */
  held: number;
  /** Of those, with a real blob file on disk (the rest have none: deleting them is the no-op path). Default 20,000. */
  blobs: number;
  /** Expired messages per sweep batch (config `retention.sweepBatchSize`). Default 500. */
  batchSize: number;
  /** Seconds of ingestion measured alone before the sweep, and again at the start of the sweep. Default 30. */
  ingestSeconds: number;
}

/** `node dist/bench/retention.js [--messages N] [--held N] [--blobs N] [--batch-size N] [--ingest-seconds N]`. */
export function parseRetentionBenchOptions(argv: string[]): RetentionBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      messages: { type: 'string' },
      held: { type: 'string' },
      blobs: { type: 'string' },
      'batch-size': { type: 'string' },
      'ingest-seconds': { type: 'string' },
    },
  });
  const int = (name: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer, got ${text}`);
    return value;
  };
  const messages = int('messages', values.messages, 1_000_000);
  const options = {
    messages,
    held: int('held', values.held, Math.floor(messages / 10)),
    blobs: int('blobs', values.blobs, 20_000),
    batchSize: int('batch-size', values['batch-size'], 500),
    ingestSeconds: int('ingest-seconds', values['ingest-seconds'], 30),
  };
  if (options.held > messages || options.blobs > messages) throw new Error('--held and --blobs cannot exceed --messages');
  if (options.batchSize < 1) throw new Error('--batch-size must be at least 1');
  return options;
}
