import { parseArgs } from 'node:util';
import { integerOption } from '../support/integer-option.js';

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
  const messages = integerOption('messages', values.messages, 1_000_000);
  const options = {
    messages,
    held: integerOption('held', values.held, Math.floor(messages / 10)),
    blobs: integerOption('blobs', values.blobs, 20_000),
    batchSize: integerOption('batch-size', values['batch-size'], 500),
    ingestSeconds: integerOption('ingest-seconds', values['ingest-seconds'], 30),
  };
  if (options.held > messages || options.blobs > messages) throw new Error('--held and --blobs cannot exceed --messages');
  if (options.batchSize < 1) throw new Error('--batch-size must be at least 1');
  return options;
}
