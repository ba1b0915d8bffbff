import { Router } from 'express';
import { z } from 'zod';
import type { ArchiveIndex, StoredMessage } from '../../archive/archive-index.js';
import type { BlobStore } from '../../archive/blob-store.js';
import type { AuditLog } from '../../audit/audit-log.js';
import { requestSource } from '../../audit/audit-source.js';
import type { QueryNode } from '../../query/ast.js';
import { AppError } from '../app-error.js';
import { principalOf, type RequireRole } from '../auth-middleware.js';

export interface MessagesRouteDeps {
  index: ArchiveIndex;
  blobs: BlobStore;
  audit: AuditLog;
  /** Query language → AST; throws `QuerySyntaxError` (with `position`) on bad input. */
  parseQuery: (q: string) => QueryNode;
  /** MIME structure of an original for display; whatever it returns is sent as `parts`. */
  describeOriginal: (raw: Buffer) => Promise<unknown>;
  requireRole: RequireRole;
}

/** `GET /messages`: strict, so a misspelt parameter is an error rather than silently ignored. */
export const searchQuerySchema = z.strictObject({
  /** Query language text. Default: empty (the parser decides what an empty query matches). */
  q: z.string().max(4096).default(''),
  sort: z.enum(['received', 'sent', 'size']).default('received'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  /** `nextCursor` of the previous page. */
  after: z.string().min(1).max(2048).optional(),
});

/** An archive id: SHA-256 hex of the original, lower case. */
export const messageParamsSchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex characters'),
});

/**
 * Search, read and download archived mail. Every successful response is preceded by a durable
 * audit record naming the caller and exactly what they saw (ids returned, message read); if the
 * record cannot be written the request fails and nothing is served.
 */
export function createMessagesRouter(deps: MessagesRouteDeps): Router {
  const { index, blobs, audit, requireRole } = deps;
  const router = Router();

  router.get('/messages', requireRole('admin', 'officer'), async (req, res) => {
    const params = searchQuerySchema.parse(req.query);
    const query = deps.parseQuery(params.q);
    const after = params.after ?? null;
    const result = await index.search({ query, sort: params.sort, order: params.order, limit: params.limit, after });
    await audit.append({
      actor: principalOf(req).name,
      source: requestSource(req),
      action: 'search',
      detail: {
        query: params.q,
        sort: params.sort,
        order: params.order,
        limit: params.limit,
        after,
        total: result.total,
        returnedIds: result.hits.map((hit) => hit.id),
      },
    });
    res.json({ total: result.total, hits: result.hits, nextCursor: result.nextCursor });
  });

  router.get('/messages/:id', requireRole('admin', 'officer', 'auditor'), async (req, res) => {
    const { id } = messageParamsSchema.parse(req.params);
    const stored = await getIndexed(index, id);
    const parts = await deps.describeOriginal(await blobs.get(id));
    await audit.append({ actor: principalOf(req).name, source: requestSource(req), action: 'message.read', detail: { id } });
    res.json({ document: stored.document, events: stored.events, parts });
  });

  router.get('/messages/:id/raw', requireRole('admin', 'officer', 'auditor'), async (req, res) => {
    const { id } = messageParamsSchema.parse(req.params);
    await getIndexed(index, id);
    const bytes = await blobs.get(id);
    await audit.append({ actor: principalOf(req).name, source: requestSource(req), action: 'message.raw', detail: { id, size: bytes.length } });
    res
      .status(200)
      .set({
        'Content-Type': 'message/rfc822',
        'Content-Disposition': `attachment; filename="${id}.eml"`,
        'X-Content-SHA256': id,
        'X-Content-Type-Options': 'nosniff',
      })
      .send(bytes);
  });

  return router;
}

/**
 * The index decides what is in the archive: a blob without an index entry (mid-pipeline, or
 * past retention) is not served.
 */
async function getIndexed(index: ArchiveIndex, id: string): Promise<StoredMessage> {
  const stored = await index.get(id);
  if (stored === null) throw new AppError('not_found', 'No such message.');
  return stored;
}
