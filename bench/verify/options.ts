import { parseArgs } from 'node:util';
import { integerOption } from '../support/integer-option.js';

export interface VerifyBenchOptions {
  /** Messages in the archive, each with its blob file and ledger entry. Default 1,000,000. */
  messages: number;
  /** Of those, under a legal hold (only so the archive is bench:retention's, reused from its cache). Default a tenth. */
  held: number;
}

/** `node dist/bench/verify.js [--messages N] [--held N]`. */
export function parseVerifyBenchOptions(argv: string[]): VerifyBenchOptions {
  const { values } = parseArgs({ args: argv, options: { messages: { type: 'string' }, held: { type: 'string' } } });
  const messages = integerOption('messages', values.messages, 1_000_000);
  if (messages < 1) throw new Error('--messages must be at least 1');
  const held = integerOption('held', values.held, Math.floor(messages / 10));
  if (held > messages) throw new Error('--held cannot exceed --messages');
  return { messages, held };
}
