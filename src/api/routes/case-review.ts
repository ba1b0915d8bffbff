import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../../audit/audit-log.js';
import { requestSource } from '../../audit/audit-source.js';
import type { CaseReview } from '../../discovery/case-review/case-review.js';
import { InvalidReviewError } from '../../discovery/case-review/case-review-errors.js';
import { isReviewTag } from '../../discovery/case-review/review-tag-name.js';
import { CaseNotFoundError } from '../../holds/holds-errors.js';
import type { LegalHolds } from '../../holds/legal-holds.js';
import { parseQuery } from '../../query/parse-query.js';
import { AppError } from '../app-error.js';
import { principalOf, type RequireRole } from '../auth-middleware.js';
import { idParamsSchema } from './cases.js';
import { searchQuerySchema } from './messages.js';

export interface CaseReviewRouteDeps {
  caseReview: CaseReview;
  /** For whether a case exists before a change is audited. */
  holds: Pick<LegalHolds, 'getCase'>;
  audit: AuditLog;
  requireRole: RequireRole;
}

const ARCHIVE_ID = /^[0-9a-f]{64}$/;

export const saveSearchBodySchema = z.strictObject({
  /** Search-language text, run within the case's scope. */
  query: z.string().max(4096),
});

/** `GET /cases/:id/counts`. */
export const countsQuerySchema = z.strictObject({
  /** Query language text within the case. Default: the whole case. */
  q: z.string().max(4096).optional(),
});

export const reviewTagsBodySchema = z.strictObject({
  /** Archive ids, 1..1000. */
  messageIds: z.array(z.string().regex(ARCHIVE_ID, 'must be 64 lower-case hex characters')).min(1).max(1000),
  /** A default review tag or lower-case words joined by `-`, at most 40 characters. */
  tag: z.string().refine(isReviewTag, 'must be a default review tag or lower-case words joined by "-", at most 40 characters'),
  action: z.enum(['add', 'remove']),
});

/** `GET /cases/:id/review-tags?messageIds=a,b`: comma-separated archive ids, 1..1000. */
export const reviewTagsQuerySchema = z.strictObject({
  messageIds: z.string().transform((list) => list.split(',')).pipe(z.array(z.string().regex(ARCHIVE_ID, 'must be 64 lower-case hex characters')).min(1).max(1000)),
});

export const noteBodySchema = z.strictObject({
  text: z.string().trim().min(1).max(10_000),
});

/** `GET /cases/:id/timeline`. */
export const timelineQuerySchema = z.strictObject({
  /** `seq` of the last event already read. Default 0 (from the start). */
  afterSeq: z.coerce.number().int().min(0).default(0),
  /** Page size. Default 100. */
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/**
 * Review work inside a case: saved searches, search and counts within its scope, review tags,
 * notes and the timeline. Officers do the work; auditors read what was done (saved searches,
 * counts, tags, notes, timeline) but cannot search messages. Changes are audited before they are
 * applied, reads after the read and before the answer with what was returned, as in `cases.ts`.
 * A search within a case is audited as `search` (with its `caseId`), so it counts as a search.
 */
export function createCaseReviewRouter(deps: CaseReviewRouteDeps): Router {
  const { caseReview, holds, audit, requireRole } = deps;
  const router = Router();
  const record = (req: Request, action: string, detail: Record<string, unknown>) =>
    audit.append({ actor: principalOf(req).name, action, source: requestSource(req), detail });
  const requireCase = async (caseId: string) => {
    if ((await holds.getCase(caseId)) === null) throw new AppError('not_found', 'No such case.');
  };

  router.post('/cases/:id/searches', requireRole('officer'), async (req, res) => {
    const { id: caseId } = idParamsSchema.parse(req.params);
    const { query } = saveSearchBodySchema.parse(req.body);
    parseQuery(query);
    await requireCase(caseId);
    await record(req, 'case.search.save', { caseId, query });
    res.status(201).json(await caseReview.saveSearch({ caseId, query, actor: principalOf(req).name }).catch(notFound));
  });

  router.get('/cases/:id/searches', requireRole('officer', 'auditor'), async (req, res) => {
    const { id: caseId } = idParamsSchema.parse(req.params);
    const searches = await caseReview.listSearches(caseId).catch(notFound);
    await record(req, 'case.searches', { caseId, returnedIds: searches.map((s) => s.id) });
    res.json({ items: searches });
  });

  router.get('/cases/:id/messages', requireRole('officer'), async (req, res) => {
    const { id: caseId } = idParamsSchema.parse(req.params);
    const params = searchQuerySchema.parse(req.query);
    const after = params.after ?? null;
    const result = await caseReview.search(caseId, params.q, { sort: params.sort, order: params.order, limit: params.limit, after }).catch(notFound);
    await record(req, 'search', {
      caseId, query: params.q, sort: params.sort, order: params.order, limit: params.limit, after, total: result.total, returnedIds: result.hits.map((hit) => hit.id),
    });
    res.json({ total: result.total, hits: result.hits, nextCursor: result.nextCursor });
  });

  router.get('/cases/:id/counts', requireRole('officer', 'auditor'), async (req, res) => {
    const { id: caseId } = idParamsSchema.parse(req.params);
    const { q } = countsQuerySchema.parse(req.query);
    // Counting a query's matches is searching mail content (repeated with prefixes, it reads
    // text): officers only, and audited as a search. Auditors count the whole case.
    if (q !== undefined && principalOf(req).role !== 'officer') throw new AppError('forbidden', 'Only officers may count the matches of a query; auditors count the whole case.');
    const counts = await caseReview.counts(caseId, q ?? null).catch(notFound);
    await record(req, q === undefined ? 'case.counts' : 'search', { caseId, query: q ?? null, total: counts.total, ...(q === undefined ? {} : { counts: true }) });
    res.json(counts);
  });

  router.post('/cases/:id/review-tags', requireRole('officer'), async (req, res) => {
    const { id: caseId } = idParamsSchema.parse(req.params);
    const { messageIds, tag, action } = reviewTagsBodySchema.parse(req.body);
    await requireCase(caseId);
    await record(req, action === 'add' ? 'case.tag.add' : 'case.tag.remove', { caseId, tag, messageIds });
    const input = { caseId, messageIds, tag, actor: principalOf(req).name };
    try {
      await (action === 'add' ? caseReview.addTag(input) : caseReview.removeTag(input));
    } catch (error) {
      if (error instanceof InvalidReviewError) throw new AppError('invalid_request', error.message, { details: { outsideCase: error.outsideCase } });
      throw notFound(error);
    }
    res.json({ items: await caseReview.tagsOf(caseId, messageIds) });
  });

  router.get('/cases/:id/review-tags', requireRole('officer', 'auditor'), async (req, res) => {
    const { id: caseId } = idParamsSchema.parse(req.params);
    const { messageIds } = reviewTagsQuerySchema.parse(req.query);
    const items = await caseReview.tagsOf(caseId, messageIds).catch(notFound);
    await record(req, 'case.tags.read', { caseId, messageIds });
    res.json({ items });
  });

  router.post('/cases/:id/notes', requireRole('officer'), async (req, res) => {
    const { id: caseId } = idParamsSchema.parse(req.params);
    const { text } = noteBodySchema.parse(req.body);
    await requireCase(caseId);
    await record(req, 'case.note.add', { caseId, text });
    res.status(201).json(await caseReview.addNote({ caseId, text, actor: principalOf(req).name }).catch(notFound));
  });

  router.get('/cases/:id/notes', requireRole('officer', 'auditor'), async (req, res) => {
    const { id: caseId } = idParamsSchema.parse(req.params);
    const notes = await caseReview.listNotes(caseId).catch(notFound);
    await record(req, 'case.notes', { caseId, returnedIds: notes.map((n) => n.id) });
    res.json({ items: notes });
  });

  router.get('/cases/:id/timeline', requireRole('officer', 'auditor'), async (req, res) => {
    const { id: caseId } = idParamsSchema.parse(req.params);
    const { afterSeq, limit } = timelineQuerySchema.parse(req.query);
    const events = await caseReview.timeline(caseId, { afterSeq, limit }).catch(notFound);
    await record(req, 'case.timeline', { caseId, afterSeq, limit, returnedSeqs: events.map((e) => e.seq) });
    res.json({ items: events });
  });

  return router;
}

/** A case that vanished between the check and the work cannot happen (cases are never deleted), but an unknown id reaching the port can. */
function notFound(error: unknown): never {
  throw error instanceof CaseNotFoundError ? new AppError('not_found', 'No such case.') : error;
}
