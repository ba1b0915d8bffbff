import type { Logger } from 'pino';
import type { EngineTransport } from './engine-transport.js';
import {
  aliasTargets, createIndex, indicesWithPrefix, parseVersionedIndex, templateName, updateAliases, versionedIndexName,
} from './index-admin.js';
import { migrateIndex, type MigrationOptions } from './migrate-index.js';
import type { IndexSpec } from './search-engine.js';

export { templateName, versionedIndexName } from './index-admin.js';

/** Priority of our index templates: above the engines' built-in ones (100), so ours win on overlap. */
const TEMPLATE_PRIORITY = 200;
/** Re-reads of the alias after migrations other processes finished first, before giving up. */
const MAX_ROUNDS = 10;

/**
 * Mappings as code: makes `spec.alias` point (as write index) at an index of `spec.version`
 * (`<alias>-v<version>`, or `<alias>-v<version>-r<k>` after a takeover), created with
 * `spec.settings` and `spec.mappings`, which the index template `<alias>-template` also holds for
 * `<alias>-v*`.
 *
 * - Alias already on an index of this version: nothing (one GET).
 * - No alias yet: puts the template, creates the index and adds the alias.
 * - Alias on one older version: puts the template and migrates without losing a write made through
 *   the alias meanwhile (see `migrateIndex`): copy, write-block the old index, copy what changed and
 *   drop what was deleted, move the alias atomically. The old index is kept, write-blocked.
 * - Alias on a newer version (an older release still running in a rolling upgrade): nothing.
 * - Alias on several indices (not something this code makes): refuses, naming them.
 *
 * Idempotent, and safe when several processes run it at once (see `migrateIndex`).
 */
export async function ensureIndex(transport: EngineTransport, spec: IndexSpec, logger: Logger, options: MigrationOptions = {}): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = await aliasTargets(transport, spec.alias);
    const versions = before.map((index) => parseVersionedIndex(spec.alias, index)?.version ?? -1);
    if (versions.some((version) => version > spec.version)) {
      logger.warn({ alias: spec.alias, version: spec.version, indices: before }, 'search index alias already on a newer mapping version; left as it is');
      return;
    }
    if (before.length > 0 && versions.every((version) => version === spec.version)) return;
    if (before.length > 1) {
      throw new Error(`search index alias ${spec.alias} points at ${before.join(', ')}; refusing to migrate several indices at once (point the alias at one of them)`);
    }
    await putTemplate(transport, spec);
    const from = before[0];
    if (from === undefined) {
      const current = versionedIndexName(spec.alias, spec.version);
      await createIndex(transport, current, spec);
      await updateAliases(transport, [{ add: { index: current, alias: spec.alias, is_write_index: true } }]);
      return;
    }
    if ((await migrateIndex(transport, spec, from, logger, options)) === 'moved') return;
  }
  throw new Error(`search index alias ${spec.alias} kept changing while ensuring version ${spec.version}; retry`);
}

/** Deletes the concrete indices named `<prefix>*` and the index templates named `<prefix>*`. */
export async function deleteIndicesWithPrefix(transport: EngineTransport, prefix: string): Promise<void> {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(prefix)) throw new Error(`refusing to delete indices under prefix "${prefix}": not a plain index-name prefix`);
  const indices = await indicesWithPrefix(transport, prefix);
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
