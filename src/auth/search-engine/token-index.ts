import type { IndexSpec } from '../../search-engine/search-engine.js';

/**
 * One API token as a search-engine document. Its `_id` is the SHA-256 hex of the token
 * (`hashToken`), the only form of the secret that is stored: `verify`, which runs on every API
 * request, is then one realtime GET, and sees a token the moment it is created or revoked.
 */
export type TokenDocument = {
  /** The token's public id (a UUID), as `list` and `revoke` name it. */
  id: string;
  name: string;
  role: string;
  /** ISO-8601, millisecond precision, UTC. */
  createdAt: string;
};

/**
 * The token index behind the alias `<prefix>-tokens`. Version 1. `dynamic: strict`: a document
 * with any other field (a clear-text token, say) is refused. One shard: there are few tokens.
 */
export function tokenIndexSpec(indexPrefix: string): IndexSpec {
  return {
    alias: tokenAlias(indexPrefix),
    version: 1,
    settings: { number_of_shards: 1, auto_expand_replicas: '0-1' },
    mappings: {
      dynamic: 'strict',
      properties: {
        id: { type: 'keyword' },
        name: { type: 'keyword' },
        role: { type: 'keyword' },
        createdAt: { type: 'date', format: 'strict_date_time' },
      },
    },
  };
}

export function tokenAlias(indexPrefix: string): string {
  return `${indexPrefix}-tokens`;
}
