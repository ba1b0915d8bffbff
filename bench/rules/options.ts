import { parseArgs } from 'node:util';
import type { ContenderName } from './contender.js';

export const CONTENDER_NAMES = ['custodian', 'rspamd', 'spamassassin'] as const satisfies readonly ContenderName[];

/** The contenders `--only` may name; `custodian+bayes` needs `--bayes-model`. */
const NAMEABLE = [...CONTENDER_NAMES, 'custodian+bayes'] as const satisfies readonly ContenderName[];

export interface RulesBenchOptions {
  /**
   * The classifiers to run, in order. Default all three, plus `custodian+bayes` right after
   * `custodian` when `bayesModel` is given.
   */
  only: ContenderName[];
  /** Classify only this many messages, spread over every folder (a quick run). Default: all. */
  limit: number | null;
  /** SpamAssassin classifies only this many of the messages, spread over every folder (it is slow). Default: all. */
  sample: number | null;
  /** A model written by `custodian bayes train`, for the extra `custodian+bayes` row. Default none (no such row). */
  bayesModel: string | null;
}

/** Parses `--only NAME` (repeatable), `--limit N`, `--sample N` and `--bayes-model FILE`; throws on anything else. */
export function parseRulesBenchOptions(argv: readonly string[]): RulesBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: { only: { type: 'string', multiple: true }, limit: { type: 'string' }, sample: { type: 'string' }, 'bayes-model': { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const bayesModel = values['bayes-model'] ?? null;
  const only: ContenderName[] = (values.only ?? [...CONTENDER_NAMES]).map((name) => {
    const found = NAMEABLE.find((c) => c === name);
    if (!found) throw new Error(`--only must be one of ${NAMEABLE.join(', ')}, not "${name}"`);
    return found;
  });
  if (only.includes('custodian+bayes') && bayesModel === null) throw new Error('custodian+bayes needs --bayes-model FILE');
  // With a model, Custodian runs twice unless --only says otherwise: as shipped, then with Bayes.
  if (bayesModel !== null && only.includes('custodian') && !only.includes('custodian+bayes')) only.splice(only.indexOf('custodian') + 1, 0, 'custodian+bayes');
  return { only, limit: positive('--limit', values.limit), sample: positive('--sample', values.sample), bayesModel };
}

function positive(flag: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive whole number, not "${value}"`);
  return n;
}
