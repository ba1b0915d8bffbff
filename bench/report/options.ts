import { parseArgs } from 'node:util';
import { integerOption } from '../support/integer-option.js';

export interface ReportBenchOptions {
  /** Messages in the archive. Default 1,000,000. */
  messages: number;
  /** Of those, from the custodian of the benchmark's case (under its legal hold). Default a tenth. */
  held: number;
}

/** `node dist/bench/report.js [--messages N] [--held N]`. */
export function parseReportBenchOptions(argv: string[]): ReportBenchOptions {
  const { values } = parseArgs({ args: argv, options: { messages: { type: 'string' }, held: { type: 'string' } } });
  const messages = integerOption('messages', values.messages, 1_000_000);
  const held = integerOption('held', values.held, Math.floor(messages / 10));
  if (messages < 1_000) throw new Error('--messages must be at least 1000');
  if (held > messages) throw new Error('--held cannot exceed --messages');
  return { messages, held };
}
