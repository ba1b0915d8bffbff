import type { Logger } from 'pino';
import { errorDetails, isObject, toEngineError, type EngineRequest, type EngineTransport } from './engine-transport.js';
import type { IndexSpec, Json } from './search-engine.js';

/** Priority of our index templates: above the engines' built-in ones (100), so ours win on overlap. */
const TEMPLATE_PRIORITY = 200;
/** How long one poll of a running reindex task waits on the server. */
const TASK_POLL_MS = 20_000;

/** `<alias>-v<version>`, the concrete index behind the alias for a mapping version. */
export function versionedIndexName(alias: string, version: number): string {
  return `${alias}-v${version}`;
}

/** `<alias>-template`, the index template holding the settings and mappings of `<alias>-v*`. */
export function templateName(alias: string): string {
  return `${alias}-template`;
}

/**
 * Mappings as code: makes `spec.alias` point (as write index) at `<alias>-v<version>`, created
 * with `spec.settings` and `spec.mappings`, which the index template `<alias>-template` also
 * holds for `<alias>-v*`.
 *
 * - Alias already on the current index: nothing (one GET).
 * - No alias yet: puts the template, creates the index and adds the alias.
 * - Alias on an older version: puts the template, creates the new index, reindexes the old one(s) into it
 *   (create-only, so concurrent migrations and later writes are never overwritten), moves the
 *   alias in one atomic `_aliases` call, then copies once more what was written to the old index
 *   in between. The old index is kept (rollback, manual deletion).
 * - Alias on a newer version (an older release still running in a rolling upgrade): nothing.
 *
 * Idempotent, and safe when several processes run it at once: index creation treats
 * `resource_already_exists_exception` as success, alias changes are idempotent, reindexing is
 * create-only with conflicts skipped.
 */
export async function ensureIndex(transport: EngineTransport, spec: IndexSpec, logger: Logger): Promise<void> {
  const current = versionedIndexName(spec.alias, spec.version);
  const before = await aliasTargets(transport, spec.alias);
  const newer = before.filter((index) => (indexVersion(spec.alias, index) ?? -1) > spec.version);
  if (newer.length > 0) {
    logger.warn({ alias: spec.alias, version: spec.version, indices: newer }, 'search index alias already on a newer mapping version; left as it is');
    return;
  }
  const older = before.filter((index) => index !== current);
  if (older.length === 0 && before.length > 0) return;
  await putTemplate(transport, spec);
  await createIndex(transport, current, spec);
  if (older.length === 0) {
    await updateAliases(transport, [{ add: { index: current, alias: spec.alias, is_write_index: true } }]);
    return;
  }
  logger.info({ alias: spec.alias, from: older, to: current }, 'search index mapping changed; reindexing');
  const copied = await reindex(transport, older, current);
  await updateAliases(transport, [
    ...older.map((index) => ({ remove: { index, alias: spec.alias, must_exist: false } })),
    { add: { index: current, alias: spec.alias, is_write_index: true } },
  ]);
  await transport.request({ method: 'POST', path: `/${older.map(encodeURIComponent).join(',')}/_refresh` });
  const caughtUp = await reindex(transport, older, current);
  logger.info({ alias: spec.alias, from: older, to: current, created: copied + caughtUp }, 'search index alias moved to the new mapping version');
}

/** Deletes the concrete indices named `<prefix>*` and the index templates named `<prefix>*`. */
export async function deleteIndicesWithPrefix(transport: EngineTransport, prefix: string): Promise<void> {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(prefix)) throw new Error(`refusing to delete indices under prefix "${prefix}": not a plain index-name prefix`);
  const { body: byIndex } = await transport.request<Record<string, unknown>>({
    method: 'GET',
    path: `/${encodeURIComponent(`${prefix}*`)}/_alias`,
    querystring: { expand_wildcards: 'all', allow_no_indices: true, ignore_unavailable: true },
  });
  const indices = Object.keys(byIndex).filter((index) => index.startsWith(prefix));
  // Explicit names (Elasticsearch refuses wildcard deletes by default), in batches that keep the URL short.
  for (const batch of batches(indices, 2_000)) {
    await transport.request({ method: 'DELETE', path: `/${batch.map(encodeURIComponent).join(',')}`, querystring: { ignore_unavailable: true } });
  }
  const { body: templates } = await transport.request<{ index_templates?: Array<{ name: string }> }>({
    method: 'GET', path: `/_index_template/${encodeURIComponent(`${prefix}*`)}`, ignore: [404],
  });
  for (const { name } of templates.index_templates ?? []) {
    if (name.startsWith(prefix)) await transport.request({ method: 'DELETE', path: `/_index_template/${encodeURIComponent(name)}`, ignore: [404] });
  }
}

/** The concrete indices `alias` points at (none when it does not exist). */
async function aliasTargets(transport: EngineTransport, alias: string): Promise<string[]> {
  const { body } = await transport.request<Record<string, unknown>>({ method: 'GET', path: `/_alias/${encodeURIComponent(alias)}`, ignore: [404] });
  // A missing alias answers 404 with `{ error, status }`; entries with `aliases` are indices.
  return Object.entries(body).filter(([, value]) => isObject(value) && 'aliases' in value).map(([index]) => index).sort();
}

function indexVersion(alias: string, index: string): number | undefined {
  const match = index.startsWith(`${alias}-v`) ? /^(\d+)$/.exec(index.slice(alias.length + 2)) : null;
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Puts `<alias>-template`, unless a newer mapping version's template is already there. */
async function putTemplate(transport: EngineTransport, spec: IndexSpec): Promise<void> {
  const name = templateName(spec.alias);
  const { body } = await transport.request<{ index_templates?: Array<{ index_template?: { version?: number } }> }>({
    method: 'GET', path: `/_index_template/${encodeURIComponent(name)}`, ignore: [404],
  });
  const existing = body.index_templates?.[0]?.index_template?.version;
  if (existing !== undefined && existing > spec.version) return;
  await transport.request({
    method: 'PUT',
    path: `/_index_template/${encodeURIComponent(name)}`,
    body: {
      index_patterns: [`${spec.alias}-v*`],
      priority: TEMPLATE_PRIORITY,
      version: spec.version,
      template: { settings: spec.settings, mappings: spec.mappings },
      _meta: { managed_by: 'custodian', alias: spec.alias },
    },
  });
}

/** Creates the index with the spec's settings and mappings (also in the body: a template race cannot change them). */
async function createIndex(transport: EngineTransport, index: string, spec: IndexSpec): Promise<void> {
  const request: EngineRequest = {
    method: 'PUT', path: `/${encodeURIComponent(index)}`, body: { settings: spec.settings, mappings: spec.mappings }, ignore: [400],
  };
  const { status, body } = await transport.request(request);
  if (status === 400 && errorDetails(body).type !== 'resource_already_exists_exception') {
    throw toEngineError({ kind: 'response', status, body }, request, undefined);
  }
}

async function updateAliases(transport: EngineTransport, actions: Json[]): Promise<void> {
  await transport.request({ method: 'POST', path: '/_aliases', body: { actions } });
}

/**
 * Copies `from` into `to`, create-only (documents already in `to` are kept), as a background task
 * polled until done, so a large index outlasts the request timeout. Resolves to how many were created.
 */
async function reindex(transport: EngineTransport, from: string[], to: string): Promise<number> {
  const request: EngineRequest = {
    method: 'POST',
    path: '/_reindex',
    querystring: { wait_for_completion: false, refresh: true },
    body: { conflicts: 'proceed', source: { index: from }, dest: { index: to, op_type: 'create' } },
  };
  const { body: started } = await transport.request<{ task: string }>(request);
  for (;;) {
    const poll: EngineRequest = {
      method: 'GET',
      path: `/_tasks/${encodeURIComponent(started.task)}`,
      querystring: { wait_for_completion: true, timeout: `${TASK_POLL_MS}ms` },
      // A task still running after the wait answers 408 (Elasticsearch) or 500 timeout_exception (OpenSearch).
      ignore: [408, 500],
      timeoutMs: TASK_POLL_MS + 30_000,
    };
    const { status, body: task } = await transport.request<RawTask>(poll);
    if (status === 408 || (status === 500 && /timeout_exception$/.test(errorDetails(task).type))) continue;
    if (status !== 200) throw toEngineError({ kind: 'response', status, body: task }, poll, undefined);
    if (task.completed !== true) continue;
    if (task.error !== undefined) throw toEngineError({ kind: 'response', status: 500, body: { error: task.error } }, request, undefined);
    const failure = task.response?.failures?.[0];
    if (failure !== undefined) throw toEngineError({ kind: 'response', status: 500, body: { error: isObject(failure) ? failure.cause : failure } }, request, undefined);
    return task.response?.created ?? 0;
  }
}

interface RawTask {
  completed?: boolean;
  error?: unknown;
  response?: { created?: number; failures?: unknown[] };
}

function* batches(names: string[], maxChars: number): Generator<string[]> {
  let batch: string[] = [];
  let length = 0;
  for (const name of names) {
    if (batch.length > 0 && length + name.length + 1 > maxChars) {
      yield batch;
      batch = [];
      length = 0;
    }
    batch.push(name);
    length += name.length + 1;
  }
  if (batch.length > 0) yield batch;
}
