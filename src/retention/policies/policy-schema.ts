import { z } from 'zod';
import { SEVERITIES } from '../../domain/classification.js';
import { parseQuery } from '../../query/parse-query.js';
import { QuerySyntaxError } from '../../query/query-syntax-error.js';
import { strictObject } from '../../rules/pack/strict-object.js';
import type { PolicyScope, RetentionPeriod, RetentionPolicy } from './retention-policy.js';

/** A list of one or more values; one value may be written without brackets. Lower-cased, sorted, deduplicated so order never changes the set's version. */
function lowerList(item: z.ZodString) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? [value] : value),
    z.array(item).min(1, 'give at least one value').transform((values) => [...new Set(values.map((v) => v.toLowerCase()))].sort()),
  );
}

function enumList<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? [value] : value),
    z.array(z.enum(values)).min(1, 'give at least one value').transform((list) => [...new Set(list)].sort()),
  );
}

const domain = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i;
const addressOrDomain = z
  .string()
  .refine((v) => (v.startsWith('@') ? domain.test(v.slice(1)) : /^[^\s@]+@[^\s@]+$/.test(v)), 'an address like jane@example.com, or @example.com for a domain and its subdomains');

const queryScope = z.string().min(1).transform((text, ctx) => {
  try {
    return { text, ast: parseQuery(text) };
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    ctx.issues.push({ code: 'custom', message: `query does not parse: ${error.message}`, input: text });
    return z.NEVER;
  }
});

const scopeSchema = strictObject({
  senders: lowerList(addressOrDomain).optional(),
  recipients: lowerList(addressOrDomain).optional(),
  domains: lowerList(z.string().regex(domain, 'a domain like example.com (subdomains are included)')).optional(),
  direction: enumList(['internal', 'inbound', 'outbound']).optional(),
  journalSource: enumList(['exchange-envelope', 'exchange-2003', 'bcc-copy']).optional(),
  spamVerdict: enumList(['spam', 'ham', 'error']).optional(),
  dlpSeverityAtLeast: z.enum(SEVERITIES).optional(),
  tags: lowerList(z.string().min(1)).optional(),
  ruleIds: lowerList(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a rule id: lower-case letters, digits and "-"')).optional(),
  attachmentTypes: lowerList(z.string().regex(/^[a-z0-9][a-z0-9.+-]*\/(?:\*|[a-z0-9][a-z0-9.+-]*)$/i, 'a MIME type like application/pdf, or image/* for every image')).optional(),
  query: queryScope.optional(),
});

const count = (max: number) => z.number().int().min(1).max(max);
const periodSchema = z.union([
  z.literal('forever').transform((): RetentionPeriod => ({ unit: 'forever' })),
  strictObject({ days: count(36_500) }).transform(({ days }): RetentionPeriod => ({ unit: 'days', count: days })),
  strictObject({ months: count(1_200) }).transform(({ months }): RetentionPeriod => ({ unit: 'months', count: months })),
  strictObject({ years: count(100) }).transform(({ years }): RetentionPeriod => ({ unit: 'years', count: years })),
], { error: 'period is `forever` or one of { days: n }, { months: n }, { years: n }' });

/** One policy as written in a file; `source` is added by the loader. */
export const policySchema = strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a policy id is lower-case letters, digits and "-", e.g. broker-dealer-17a-4'),
  description: z.string().min(1),
  scope: scopeSchema.optional(),
  period: periodSchema,
  action: z.enum(['delete', 'review']),
  priority: z.number().int().min(-1_000_000).max(1_000_000).default(0),
  erasable: z.boolean().default(true),
}).transform((p): Omit<RetentionPolicy, 'source'> => ({
  id: p.id,
  description: p.description,
  scope: Object.fromEntries(Object.entries(p.scope ?? {}).filter(([, v]) => v !== undefined)) as PolicyScope,
  period: p.period,
  action: p.action,
  priority: p.priority,
  erasable: p.erasable,
}));

/** A policy file: an optional description and its policies. */
export const policyFileSchema = strictObject({
  description: z.string().min(1).optional(),
  policies: z.array(policySchema).min(1, 'a policy file lists at least one policy under `policies:`'),
});
