import { errorDetails, isObject, toEngineError, type EngineRequest, type EngineTransport } from './engine-transport.js';
import type { IndexSpec, Json } from './search-engine.js';

/**
 * The concrete index behind `alias` for a mapping version: `<alias>-v<version>`, and for the
 * `attempt`-th takeover of a migration another process abandoned `<alias>-v<version>-r<attempt>`
 * (a fresh index, so that nothing the abandoned attempt may still write lands in the one the alias
 * moves to). Both match the index template's pattern `<alias>-v*`.
 */
export function versionedIndexName(alias: string, version: number, attempt = 0): string {
  return attempt === 0 ? `${alias}-v${version}` : `${alias}-v${version}-r${attempt}`;
}

/** `<alias>-template`, the index template holding the settings and mappings of `<alias>-v*`. */
export function templateName(alias: string): string {
  return `${alias}-template`;
}

/** The mapping version and migration attempt of a concrete index named by {@link versionedIndexName}; undefined for any other name. */
export function parseVersionedIndex(alias: string, index: string): { version: number; attempt: number } | undefined {
  if (!index.startsWith(`${alias}-v`)) return undefined;
  const match = /^(\d+)(?:-r(\d+))?$/.exec(index.slice(alias.length + 2));
  if (match?.[1] === undefined) return undefined;
  return { version: Number(match[1]), attempt: match[2] === undefined ? 0 : Number(match[2]) };
}

/** The concrete indices `alias` points at (none when it does not exist), sorted. */
export async function aliasTargets(transport: EngineTransport, alias: string): Promise<string[]> {
  const { body } = await transport.request<Record<string, unknown>>({ method: 'GET', path: `/_alias/${encodeURIComponent(alias)}`, ignore: [404] });
  // A missing alias answers 404 with `{ error, status }`; entries with `aliases` are indices.
  return Object.entries(body).filter(([, value]) => isObject(value) && 'aliases' in value).map(([index]) => index).sort();
}

/** The concrete indices whose names start with `prefix` (open or closed), unsorted. */
export async function indicesWithPrefix(transport: EngineTransport, prefix: string): Promise<string[]> {
  const { body } = await transport.request<Record<string, unknown>>({
    method: 'GET',
    path: `/${encodeURIComponent(`${prefix}*`)}/_alias`,
    querystring: { expand_wildcards: 'all', allow_no_indices: true, ignore_unavailable: true },
  });
  return Object.keys(body).filter((index) => index.startsWith(prefix));
}

/**
 * Creates the index with the spec's settings and mappings (also in the body: a template race cannot
 * change them). Resolves to true when this call created it, false when it existed already: index
 * creation is the engine's one atomic "first one wins", which a migration uses to elect who copies.
 */
export async function createIndex(transport: EngineTransport, index: string, spec: IndexSpec): Promise<boolean> {
  const request: EngineRequest = {
    method: 'PUT', path: `/${encodeURIComponent(index)}`, body: { settings: spec.settings, mappings: spec.mappings }, ignore: [400],
  };
  const { status, body } = await transport.request(request);
  if (status === 200) return true;
  if (errorDetails(body).type === 'resource_already_exists_exception') return false;
  throw toEngineError({ kind: 'response', status, body }, request, undefined);
}

export async function updateAliases(transport: EngineTransport, actions: Json[]): Promise<void> {
  await transport.request({ method: 'POST', path: '/_aliases', body: { actions } });
}

export async function refreshIndex(transport: EngineTransport, index: string): Promise<void> {
  await transport.request({ method: 'POST', path: `/${encodeURIComponent(index)}/_refresh` });
}

/** Documents in `index` visible to search (refresh first). */
export async function countDocuments(transport: EngineTransport, index: string): Promise<number> {
  const { body } = await transport.request<{ count: number }>({ method: 'POST', path: `/${encodeURIComponent(index)}/_count`, body: { query: { match_all: {} } } });
  return body.count;
}

/** Deletes one concrete index by its exact name; nothing when it does not exist. */
export async function deleteIndex(transport: EngineTransport, index: string): Promise<void> {
  await transport.request({ method: 'DELETE', path: `/${encodeURIComponent(index)}`, querystring: { ignore_unavailable: true }, ignore: [404] });
}
