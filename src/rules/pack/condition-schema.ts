import RE2 from 're2';
import { z } from 'zod';
import { CONFIDENCES, type Confidence } from '../../domain/classification.js';
import { keywordProblem } from '../engine/words.js';
import type { AuthOutcome } from '../message-view.js';
import type { AddressSelectorDef, ConditionDef, CountOf, DetectorSource, TextMatcherDef } from './rule-definition.js';
import { ADDRESS_FIELDS, DETECTOR_SOURCES, TEXT_FIELDS } from './rule-definition.js';
import { strictObject, stringList } from './strict-object.js';

/** What validating conditions needs beyond the YAML itself. */
export interface ConditionContext {
  /** Ids a `detector:` may name. */
  detectorIds: readonly string[];
  /** Ids a `check:` may name. */
  checkIds: readonly string[];
  /** Keyword files by the path written in the pack: their terms, or why they could not be read. */
  keywordFiles: ReadonlyMap<string, { terms: string[] } | { error: string }>;
}

const AUTH_OUTCOMES = ['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror', 'policy'] as const satisfies readonly AuthOutcome[];
const MATCH_OPS = ['matches', 'contains', 'keywords', 'keywordsFile', 'equals'] as const;
const CONDITION_KEYS = ['all', 'any', 'not', ...TEXT_FIELDS, 'header', ...ADDRESS_FIELDS, 'recipients', 'detector', 'attachmentType', 'size', 'count', 'auth', 'check', 'bayes'] as const;
const DETECTOR_OPTIONS = ['minConfidence', 'minCount', 'maxCount', 'in', 'ignoreTestValues'] as const;

type Issues = z.core.ParsePayload['issues'];

function addIssue(issues: Issues, input: unknown, path: PropertyKey[], message: string): void {
  issues.push({ code: 'custom', message, input, path });
}

/** The RE2 compile error for `pattern`, or null when it compiles. */
export function regexProblem(pattern: string, flags: string): string | null {
  try {
    new RE2(pattern, `${flags}u`);
    return null;
  } catch (error) {
    return `invalid regular expression /${pattern}/: ${(error as Error).message} (RE2 syntax: no lookaround or backreferences)`;
  }
}

const nonNegative = z.number().int().nonnegative();
const bounds = { gt: nonNegative.optional(), lt: nonNegative.optional() };

/**
 * The schema of one condition: a mapping with exactly one condition key (detector options sit
 * beside `detector:`), normalised to a {@link ConditionDef}.
 */
export function createConditionSchema(context: ConditionContext): z.ZodType<ConditionDef> {
  const matcherShape = {
    matches: z.string().min(1).optional(),
    flags: z.string().regex(/^[ims]*$/, 'flags are letters from "ims"').optional(),
    contains: stringList.optional(),
    keywords: stringList.optional(),
    keywordsFile: z.string().min(1).optional(),
    equals: z.string().optional(),
    minCount: z.number().int().positive().optional(),
  };
  type MatcherInput = { [K in keyof typeof matcherShape]?: z.infer<(typeof matcherShape)[K]> };

  function toMatcher(value: MatcherInput, issues: Issues, allowExists: boolean, exists?: boolean): TextMatcherDef | null {
    const ops: string[] = MATCH_OPS.filter((op) => value[op] !== undefined);
    if (exists !== undefined) ops.push('exists');
    if (ops.length !== 1) {
      const choices = allowExists ? [...MATCH_OPS, 'exists'] : MATCH_OPS;
      addIssue(issues, value, [], ops.length === 0 ? `give one of ${choices.join(', ')}` : `give only one of ${ops.join(', ')}`);
      return null;
    }
    if (value.flags !== undefined && value.matches === undefined) addIssue(issues, value, ['flags'], '`flags` goes with `matches`');
    if (value.minCount !== undefined && value.keywords === undefined && value.keywordsFile === undefined) {
      addIssue(issues, value, ['minCount'], '`minCount` goes with `keywords` or `keywordsFile`');
    }
    if (exists !== undefined) return { op: 'exists', value: exists };
    if (value.matches !== undefined) {
      const problem = regexProblem(value.matches, value.flags ?? '');
      if (problem) addIssue(issues, value, ['matches'], problem);
      return { op: 'matches', pattern: value.matches, flags: value.flags ?? '' };
    }
    if (value.contains !== undefined) return { op: 'contains', terms: value.contains };
    if (value.equals !== undefined) return { op: 'equals', value: value.equals };
    const minCount = value.minCount ?? 1;
    if (value.keywords !== undefined) {
      value.keywords.forEach((term, index) => {
        const problem = keywordProblem(term);
        if (problem) addIssue(issues, value, ['keywords', index], problem);
      });
      return { op: 'keywords', terms: value.keywords, minCount };
    }
    const file = value.keywordsFile as string;
    const loaded = context.keywordFiles.get(file);
    if (!loaded || 'error' in loaded) {
      addIssue(issues, value, ['keywordsFile'], loaded?.error ?? `keywords file ${file} was not read`);
      return null;
    }
    for (const term of loaded.terms) {
      const problem = keywordProblem(term);
      if (problem) addIssue(issues, value, ['keywordsFile'], `${file}: ${problem}`);
    }
    if (loaded.terms.length === 0) addIssue(issues, value, ['keywordsFile'], `${file} holds no keywords (one per line, # for comments)`);
    return { op: 'keywords', terms: loaded.terms, minCount, file };
  }

  const textMatcher = z.preprocess(
    (value) => (typeof value === 'string' ? { contains: [value] } : value),
    strictObject(matcherShape),
  ).transform((value, ctx) => toMatcher(value, ctx.issues, false) ?? z.NEVER);

  const headerMatcher = strictObject({ name: z.string().min(1), exists: z.boolean().optional(), ...matcherShape })
    .transform((value, ctx) => {
      const matcher = toMatcher(value, ctx.issues, true, value.exists);
      return matcher ? { name: value.name.toLowerCase(), matcher } : z.NEVER;
    });

  const addressSelector = strictObject({
    domain: stringList.optional(),
    address: stringList.optional(),
    matches: z.string().min(1).optional(),
    scope: z.enum(['internal', 'external']).optional(),
  }).transform((value, ctx): AddressSelectorDef => {
    if (Object.values(value).every((v) => v === undefined)) addIssue(ctx.issues, value, [], 'give at least one of domain, address, matches, scope');
    if (value.matches !== undefined) {
      const problem = regexProblem(value.matches, 'i');
      if (problem) addIssue(ctx.issues, value, ['matches'], problem);
    }
    return {
      ...(value.domain && { domains: value.domain.map((d) => d.toLowerCase().replace(/^@/, '')) }),
      ...(value.address && { addresses: value.address.map((a) => a.toLowerCase()) }),
      ...(value.matches !== undefined && { matches: value.matches }),
      ...(value.scope && { scope: value.scope }),
    };
  });

  const mimeList = z.preprocess(
    (value) => (typeof value === 'string' ? [value] : value),
    z.array(z.string().regex(/^[a-z0-9!#$&^_.+-]+\/(\*|[a-z0-9!#$&^_.+-]+)$/i, 'a MIME type such as application/pdf or image/*')).min(1),
  );

  const outcomes = z.preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(z.enum(AUTH_OUTCOMES)).min(1));

  const condition: z.ZodType<ConditionDef> = z.lazy(() =>
    strictObject({
      all: z.array(condition).min(1).optional(),
      any: z.array(condition).min(1).optional(),
      not: condition.optional(),
      subject: textMatcher.optional(),
      body: textMatcher.optional(),
      html: textMatcher.optional(),
      url: textMatcher.optional(),
      attachmentName: textMatcher.optional(),
      attachmentText: textMatcher.optional(),
      displayName: textMatcher.optional(),
      header: headerMatcher.optional(),
      sender: addressSelector.optional(),
      recipient: addressSelector.optional(),
      from: addressSelector.optional(),
      to: addressSelector.optional(),
      recipients: strictObject({ scope: z.enum(['all-internal', 'any-external', 'all-external']) }).optional(),
      detector: z.string().optional(),
      minConfidence: z.enum(CONFIDENCES).optional(),
      minCount: z.number().int().positive().optional(),
      maxCount: z.number().int().positive().optional(),
      in: z.array(z.enum(DETECTOR_SOURCES)).min(1).optional(),
      ignoreTestValues: z.boolean().optional(),
      attachmentType: strictObject({ detected: mimeList.optional(), declared: mimeList.optional(), mismatch: z.boolean().optional() }).optional(),
      size: strictObject(bounds).optional(),
      count: strictObject({ of: z.string().regex(/^(attachments|recipients|urls|headers:[A-Za-z0-9-]+)$/, 'one of attachments, recipients, urls, headers:<name>'), ...bounds }).optional(),
      auth: strictObject({ spf: outcomes.optional(), dkim: outcomes.optional(), dmarc: outcomes.optional(), arc: outcomes.optional(), dkimVerified: outcomes.optional() }).optional(),
      check: z.string().optional(),
      bayes: strictObject({ minProbability: z.number().min(0).max(1) }).optional(),
    }).transform((value, ctx): ConditionDef => {
      const keys = CONDITION_KEYS.filter((key) => value[key] !== undefined);
      // An unknown key was already reported with the allowed keys; saying "needs one of" too is noise.
      if (keys.length === 0 && ctx.issues.some((issue) => issue.code === 'unrecognized_keys')) return z.NEVER;
      if (keys.length !== 1) {
        addIssue(ctx.issues, value, [], keys.length === 0
          ? `a condition needs one of: ${CONDITION_KEYS.join(', ')}`
          : `one condition per list item, found ${keys.join(' and ')}; combine them with all: or any:`);
        return z.NEVER;
      }
      const key = keys[0] as (typeof CONDITION_KEYS)[number];
      const misplaced = DETECTOR_OPTIONS.filter((option) => value[option] !== undefined);
      if (key !== 'detector' && misplaced.length > 0) {
        addIssue(ctx.issues, value, [misplaced[0] as string], `${misplaced.join(', ')}: only allowed beside detector:`);
      }
      return toCondition(key, value, ctx.issues, context) ?? z.NEVER;
    }),
  );
  return condition;
}

/** A condition mapping after its keys were validated; the detector options typed, the rest per key. */
interface ConditionInput {
  [key: string]: unknown;
  minConfidence?: Confidence;
  minCount?: number;
  maxCount?: number;
  in?: DetectorSource[];
  ignoreTestValues?: boolean;
}

function toCondition(key: (typeof CONDITION_KEYS)[number], value: ConditionInput, issues: Issues, context: ConditionContext): ConditionDef | null {
  const body = value[key];
  switch (key) {
    case 'all':
    case 'any':
      return { type: key, conditions: body as ConditionDef[] };
    case 'not':
      return { type: 'not', condition: body as ConditionDef };
    case 'header': {
      const header = body as { name: string; matcher: TextMatcherDef };
      return { type: 'header', name: header.name, matcher: header.matcher };
    }
    case 'sender':
    case 'recipient':
    case 'from':
    case 'to':
      return { type: 'address', field: key, selector: body as AddressSelectorDef };
    case 'recipients':
      return { type: 'recipients', scope: (body as { scope: 'all-internal' | 'any-external' | 'all-external' }).scope };
    case 'detector': {
      const id = body as string;
      if (!context.detectorIds.includes(id)) {
        addIssue(issues, value, ['detector'], `unknown detector "${id}"; known detectors: ${[...context.detectorIds].sort().join(', ')}`);
        return null;
      }
      const minCount = value.minCount ?? 1;
      const maxCount = value.maxCount ?? null;
      if (maxCount !== null && maxCount < minCount) addIssue(issues, value, ['maxCount'], `maxCount ${maxCount} is below minCount ${minCount}`);
      return {
        type: 'detector',
        detector: id,
        minConfidence: value.minConfidence ?? 'low',
        minCount,
        maxCount,
        in: value.in ?? [...DETECTOR_SOURCES],
        ignoreTestValues: value.ignoreTestValues ?? false,
      };
    }
    case 'attachmentType': {
      const type = body as { detected?: string[]; declared?: string[]; mismatch?: boolean };
      if (type.detected === undefined && type.declared === undefined && type.mismatch === undefined) {
        addIssue(issues, value, ['attachmentType'], 'give at least one of detected, declared, mismatch');
      }
      return {
        type: 'attachmentType',
        ...(type.detected && { detected: type.detected.map((t) => t.toLowerCase()) }),
        ...(type.declared && { declared: type.declared.map((t) => t.toLowerCase()) }),
        ...(type.mismatch !== undefined && { mismatch: type.mismatch }),
      };
    }
    case 'size':
    case 'count': {
      const range = body as { of?: string; gt?: number; lt?: number };
      if (range.gt === undefined && range.lt === undefined) addIssue(issues, value, [key], 'give gt, lt or both');
      const limits = { ...(range.gt !== undefined && { gt: range.gt }), ...(range.lt !== undefined && { lt: range.lt }) };
      if (key === 'size') return { type: 'size', ...limits };
      const of = (range.of as string).replace(/^headers:(.*)$/, (_, name: string) => `headers:${name.toLowerCase()}`) as CountOf;
      return { type: 'count', of, ...limits };
    }
    case 'auth': {
      const require = body as Record<string, AuthOutcome[] | undefined>;
      const entries = Object.entries(require).filter((entry): entry is [string, AuthOutcome[]] => entry[1] !== undefined);
      if (entries.length === 0) addIssue(issues, value, ['auth'], 'give at least one of spf, dkim, dmarc, arc, dkimVerified');
      return { type: 'auth', require: Object.fromEntries(entries) };
    }
    case 'check': {
      const id = body as string;
      if (!context.checkIds.includes(id)) {
        addIssue(issues, value, ['check'], `unknown check "${id}"; known checks: ${[...context.checkIds].sort().join(', ')}`);
        return null;
      }
      return { type: 'check', check: id };
    }
    case 'bayes':
      return { type: 'bayes', minProbability: (body as { minProbability: number }).minProbability };
    default:
      return { type: 'text', field: key, matcher: body as TextMatcherDef };
  }
}
