import { errorDetails, isObject, toEngineError, type EngineRequest, type EngineTransport } from './engine-transport.js';
import { SearchEngineUnavailableError, type Json } from './search-engine.js';

/** Ids per page of the scan for documents the old index no longer has. */
const SCAN_PAGE = 5_000;
/** Most close/open rounds spent raising the new index's primary terms (each raises them by one or two). */
const MAX_TERM_ROUNDS = 20;

/**
 * The steps of a migration (`migrate-index.ts`), each one request or a short loop, each safe to
 * repeat: blocking is idempotent, the scan and the term rounds act on the caller's private index.
 */

/**
 * A sequence number below every change `index` takes from now on: the lowest local checkpoint over
 * all its shard copies. Every operation at or below a copy's checkpoint has been processed there,
 * so a search after a refresh sees it; an operation not yet processed gets or has a `_seq_no`
 * above its shard's checkpoint, hence above this floor. Sequence numbers are per shard; the floor
 * of all shards selects a superset of the changed documents, which is all a catch-up copy needs.
 */
export async function sequenceFloor(transport: EngineTransport, index: string): Promise<number> {
  const { body } = await transport.request<{ indices?: Record<string, { shards?: Record<string, ShardStats[]> }> }>({
    method: 'GET',
    path: `/${encodeURIComponent(index)}/_stats/docs`,
    querystring: { level: 'shards', filter_path: 'indices.*.shards.*.seq_no' },
  });
  const copies = Object.values(body.indices?.[index]?.shards ?? {}).flat();
  const checkpoints = copies.map((copy) => Math.min(copy.seq_no?.local_checkpoint ?? -1, copy.seq_no?.global_checkpoint ?? -1));
  if (checkpoints.length === 0) throw new SearchEngineUnavailableError(`no shard of ${index} reported its sequence numbers; retry when the index is allocated`);
  return Math.min(...checkpoints);
}

interface ShardStats {
  seq_no?: { local_checkpoint?: number; global_checkpoint?: number };
}

/**
 * Puts a write block on `index` with the add-block API, which returns only once writes already
 * under way on every shard have finished, so nothing changes the index afterwards; then checks the
 * block is in force (a second call, e.g. from another process, answers without re-verifying).
 * Writers then get `cluster_block_exception` (403), which the port reports as a
 * `SearchEngineUnavailableError`: they retry through the alias once it has moved.
 */
export async function blockWrites(transport: EngineTransport, index: string): Promise<void> {
  await transport.request({ method: 'PUT', path: `/${encodeURIComponent(index)}/_block/write` });
  const { body } = await transport.request<Record<string, { settings?: Record<string, unknown> }>>({
    method: 'GET', path: `/${encodeURIComponent(index)}/_settings/index.blocks.write`, querystring: { flat_settings: true },
  });
  if (String(body[index]?.settings?.['index.blocks.write']) !== 'true') {
    throw new SearchEngineUnavailableError(`the write block on ${index} is not in force after adding it; retry`);
  }
}

/**
 * Deletes from `to` every document `from` does not have (deleted from the old index after the
 * first copy). Scans `to`'s ids and asks `from` for them in pages. For a private `to` only: the
 * deletes are unconditional. Resolves to how many were deleted.
 */
export async function removeDocumentsMissingFrom(transport: EngineTransport, from: string, to: string): Promise<number> {
  let removed = 0;
  const first: EngineRequest = {
    method: 'POST', path: `/${encodeURIComponent(to)}/_search`, querystring: { scroll: '5m' }, body: { size: SCAN_PAGE, sort: ['_doc'], _source: false },
  };
  let { body: page } = await transport.request<ScrollPage>(first);
  try {
    for (;;) {
      const ids = page.hits.hits.map((hit) => hit._id);
      if (ids.length === 0) return removed;
      const { body: found } = await transport.request<{ docs: Array<{ _id: string; found?: boolean; error?: unknown }> }>({
        method: 'POST', path: `/${encodeURIComponent(from)}/_mget`, querystring: { _source: false }, body: { ids },
      });
      const failed = found.docs.find((doc) => doc.error !== undefined);
      if (failed !== undefined) throw toEngineError({ kind: 'response', status: 500, body: failed }, { method: 'POST', path: `/${from}/_mget` }, undefined);
      const missing = found.docs.filter((doc) => doc.found !== true).map((doc) => doc._id);
      if (missing.length > 0) {
        await bulkDelete(transport, to, missing);
        removed += missing.length;
      }
      ({ body: page } = await transport.request<ScrollPage>({ method: 'POST', path: '/_search/scroll', body: { scroll: '5m', scroll_id: page._scroll_id } }));
    }
  } finally {
    await transport.request({ method: 'DELETE', path: '/_search/scroll', body: { scroll_id: page._scroll_id }, ignore: [404] }).catch(() => undefined);
  }
}

interface ScrollPage {
  _scroll_id: string;
  hits: { hits: Array<{ _id: string }> };
}

async function bulkDelete(transport: EngineTransport, index: string, ids: string[]): Promise<void> {
  const request: EngineRequest = { method: 'POST', path: '/_bulk', bulkBody: ids.map((id) => ({ delete: { _index: index, _id: id } })) };
  const { body } = await transport.request<{ errors?: boolean; items: Array<Record<string, { status: number; error?: unknown }>> }>(request);
  if (body.errors !== true) return;
  for (const item of body.items) {
    const result = Object.values(item)[0];
    if (result?.error !== undefined && result.status !== 404) throw toEngineError({ kind: 'response', status: result.status, body: { error: result.error } }, request, undefined);
  }
}

/**
 * Raises the primary terms of the private index `to` above every primary term `from` has, by
 * closing and reopening it (each reopening assigns new primaries). A writer that read a document
 * from the old index and writes it back through the alias after it moved, conditionally on the
 * `_seq_no`/`_primary_term` it read, could otherwise match the copy's pair by coincidence (both
 * indices count from term 1) and overwrite a newer state: with the terms apart it gets a version
 * conflict and reads again. Resolves to false when the terms are still not apart after the rounds.
 */
export async function outrankPrimaryTerms(transport: EngineTransport, to: string, from: string): Promise<boolean> {
  for (let round = 0; ; round++) {
    const [ours, theirs] = await Promise.all([primaryTerms(transport, to), primaryTerms(transport, from)]);
    if (Math.min(...ours) > Math.max(...theirs)) return true;
    if (round === MAX_TERM_ROUNDS) return false;
    await transport.request({ method: 'POST', path: `/${encodeURIComponent(to)}/_close` });
    // Waits for the primaries (the default), which is what the copy into it needs.
    await transport.request({ method: 'POST', path: `/${encodeURIComponent(to)}/_open` });
  }
}

async function primaryTerms(transport: EngineTransport, index: string): Promise<number[]> {
  const { body } = await transport.request<{ metadata?: { indices?: Record<string, { primary_terms?: Record<string, number> }> } }>({
    method: 'GET',
    path: `/_cluster/state/metadata/${encodeURIComponent(index)}`,
    querystring: { filter_path: 'metadata.indices.*.primary_terms' },
  });
  const terms = Object.values(body.metadata?.indices?.[index]?.primary_terms ?? {});
  if (terms.length === 0) throw new SearchEngineUnavailableError(`the cluster state names no primary terms for ${index}; retry`);
  return terms;
}

/**
 * Moves `alias` from `from` to `to` in one atomic `_aliases` call, only if it is still on `from`
 * (`must_exist` on the removal: compare-and-set). Resolves to false when it was not (another
 * process moved it first); nothing has changed then.
 */
export async function moveAlias(transport: EngineTransport, alias: string, from: string, to: string): Promise<boolean> {
  const request: EngineRequest = {
    method: 'POST',
    path: '/_aliases',
    body: {
      actions: [
        { remove: { index: from, alias, must_exist: true } },
        { add: { index: to, alias, is_write_index: true } },
      ],
    },
    ignore: [404],
  };
  const { status, body } = await transport.request(request);
  if (status !== 404) return true;
  const { type } = errorDetails(body);
  if (type === 'aliases_not_found_exception' || type === 'index_not_found_exception') return false;
  throw toEngineError({ kind: 'response', status, body }, request, undefined);
}

/**
 * A fingerprint of the work done on `indices` (documents indexed and deleted, searches, scrolls,
 * gets, refreshes, and which of them are open): it changes while a migration copies into, scans or
 * counts one of them. A process waiting for another's migration takes over when it stops changing.
 */
export async function activityFingerprint(transport: EngineTransport, indices: readonly string[]): Promise<string> {
  if (indices.length === 0) return '';
  const { body } = await transport.request<{ indices?: Record<string, { total?: Json }> }>({
    method: 'GET',
    path: `/${indices.map(encodeURIComponent).join(',')}/_stats/indexing,search,get,refresh`,
    querystring: { ignore_unavailable: true },
  });
  const counters = Object.entries(body.indices ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([index, stats]) => {
    const total = stats.total ?? {};
    return [
      index,
      counter(total, 'indexing', 'index_total'), counter(total, 'indexing', 'delete_total'),
      counter(total, 'search', 'query_total'), counter(total, 'search', 'fetch_total'), counter(total, 'search', 'scroll_total'),
      counter(total, 'get', 'total'), counter(total, 'refresh', 'total'),
    ];
  });
  return JSON.stringify(counters);
}

function counter(total: Json, group: string, name: string): number {
  const section = total[group];
  return isObject(section) && typeof section[name] === 'number' ? section[name] : 0;
}
