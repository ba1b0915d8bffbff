import { z } from 'zod';
import type { CaseCriteria } from './legal-holds.js';

const isoDateTime = z.iso.datetime({ offset: true });

/**
 * A request to open a case, from the API or the CLI. Custodians are lower-cased and de-duplicated;
 * `validateCase` then checks the combination and parses the query with the real parser.
 */
export const newCaseSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** Default empty. */
  description: z.string().trim().max(4000).default(''),
  /** `all` must be said explicitly to hold every message; default `criteria`. */
  scope: z.enum(['criteria', 'all']).default('criteria'),
  /** Addresses matched in any role (From, To, Cc, Bcc, Sender, Reply-To, journal and envelope). Default none. */
  custodians: z
    .array(z.string().trim().toLowerCase().max(320).regex(/^[^\s@]+@[^\s@]+$/u, 'must be an e-mail address'))
    .max(1000)
    .default([])
    .transform((list) => [...new Set(list)]),
  /** Search-language query; omitted for none. */
  query: z.string().trim().min(1).max(4000).optional(),
  /** Date header (receive time when missing) on or after this; ISO-8601 with offset. */
  sentFrom: isoDateTime.optional(),
  /** Date header (receive time when missing) before this; ISO-8601 with offset. */
  sentBefore: isoDateTime.optional(),
});

export type NewCaseRequest = z.infer<typeof newCaseSchema>;

/** Placing or releasing a hold: why, in words a court could read. */
export const reasonSchema = z.strictObject({ reason: z.string().trim().min(1).max(4000) });

/** The criteria a validated request asks for, absent parts as null. */
export function caseCriteriaOf(request: NewCaseRequest): CaseCriteria {
  return {
    scope: request.scope,
    custodians: request.custodians,
    query: request.query ?? null,
    sentFrom: request.sentFrom ?? null,
    sentBefore: request.sentBefore ?? null,
  };
}
