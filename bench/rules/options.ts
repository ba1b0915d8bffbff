import { parseArgs } from 'node:util';
import type { ContenderName } from './contender.js';

export const CONTENDER_NAMES = ['custodian', 'rspamd', 'spamassassin'] as const satisfies readonly ContenderName[];

export interface RulesBenchOptions {
  /** The classifiers to run. Default all three. */
  only: ContenderName[];
  /** Classify only this many messages, spread over every folder (a quick run). Default: all. */
  limit: number | null;
  /** SpamAssassin classifies only this many of the messages, spread over every folder (it is slow). Default: all. */
  sample: number | null;
}

/** Parses `--only NAME` (repeatable), `--limit N` and `--sample N`; throws on anything else. */
export function parseRulesBenchOptions(argv: readonly string[]): RulesBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: { only: { type: 'string', multiple: true }, limit: { type: 'string' }, sample: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const only = (values.only ?? [...CONTENDER_NAMES]).map((name) => {
    const found = CONTENDER_NAMES.find((c) => c === name);
    if (!found) throw new Error(`--only must be one of ${CONTENDER_NAMES.join(', ')}, not "${name}"`);
    return found;
  });
  return { only, limit: positive('--limit', values.limit), sample: positive('--sample', values.sample) };
}

function positive(flag: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive whole number, not "${value}"`);
  return n;
}
