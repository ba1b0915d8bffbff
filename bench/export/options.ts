import { parseArgs } from 'node:util';
import { integerOption } from '../support/integer-option.js';

export interface ExportBenchOptions {
  /** Messages in the archive, all exported. Default 100,000. */
  messages: number;
  /** Approximate bytes of each synthetic original. Default 8,192. */
  messageBytes: number;
}

/** `node dist/bench/export.js [--messages N] [--message-bytes N]`. */
export function parseExportBenchOptions(argv: string[]): ExportBenchOptions {
  const { values } = parseArgs({ args: argv, options: { messages: { type: 'string' }, 'message-bytes': { type: 'string' } } });
  const options = { messages: integerOption('messages', values.messages, 100_000), messageBytes: integerOption('message-bytes', values['message-bytes'], 8_192) };
  if (options.messages < 1) throw new Error('--messages must be at least 1');
  return options;
}
