import { randomUUID } from 'node:crypto';
import type { SearchEngine } from '../../search-engine/search-engine.js';
import { hashToken, hasTokenShape, mintToken } from '../api-token-secret.js';
import { isRole, type Principal, type Role, type TokenInfo, type TokenStore } from '../token-store.js';
import { tokenAlias, type TokenDocument } from './token-index.js';

export interface SearchEngineTokenStoreOptions {
  engine: SearchEngine;
  /** The deployment's index prefix (`search.indexPrefix`); tokens live behind `<prefix>-tokens`. */
  indexPrefix: string;
}

/** Tokens per search request while listing. */
const LIST_PAGE = 1000;

/**
 * API tokens in the cluster profile: one document per token in `<prefix>-tokens`, keyed by the
 * token's SHA-256 (see TokenDocument); the token itself is never stored, as in the SQLite store,
 * whose hashing this shares (`api-token-secret.ts`).
 *
 * Concurrent writers need no coordination: a token is created once under a fresh random hash
 * (create-only, so even an impossible collision could not overwrite another token) and deleted
 * once. Creates and revokes are rare admin actions, so they refresh the index at once; `list`,
 * `count` and the search by id in `revoke` then see every token any process created or revoked,
 * without a refresh on the hot path (`verify` is a realtime GET and needs none).
 */
export class SearchEngineTokenStore implements TokenStore {
  private readonly engine: SearchEngine;
  private readonly alias: string;

  constructor(options: SearchEngineTokenStoreOptions) {
    this.engine = options.engine;
    this.alias = tokenAlias(options.indexPrefix);
  }

  async verify(bearer: string): Promise<Principal | null> {
    if (!hasTokenShape(bearer)) return null;
    const stored = await this.engine.get<TokenDocument>(this.alias, hashToken(bearer));
    // A token whose role this build does not know grants nothing (fail closed).
    if (stored === null || !isRole(stored.source.role)) return null;
    return { tokenId: stored.source.id, name: stored.source.name, role: stored.source.role };
  }

  async create(name: string, role: Role): Promise<{ id: string; token: string }> {
    const id = randomUUID();
    const token = mintToken();
    const doc: TokenDocument = { id, name, role, createdAt: new Date().toISOString() };
    await this.engine.put(this.alias, hashToken(token), doc, { create: true, refresh: true });
    return { id, token };
  }

  count(): Promise<number> {
    return this.engine.count(this.alias, { match_all: {} });
  }

  async list(): Promise<TokenInfo[]> {
    const tokens: TokenInfo[] = [];
    let after: unknown[] | undefined;
    for (;;) {
      const page = await this.engine.search<TokenDocument>(this.alias, {
        size: LIST_PAGE,
        query: { match_all: {} },
        sort: [{ createdAt: { order: 'asc' } }, { id: { order: 'asc' } }],
        ...(after === undefined ? {} : { search_after: after }),
      });
      for (const { source } of page.hits) tokens.push({ id: source.id, name: source.name, role: source.role, createdAt: source.createdAt });
      if (page.hits.length < LIST_PAGE) return tokens;
      after = page.hits.at(-1)?.sort;
    }
  }

  async revoke(id: string): Promise<boolean> {
    const found = await this.engine.search<TokenDocument>(this.alias, { size: 1, query: { term: { id } }, _source: false });
    const hit = found.hits[0];
    if (hit === undefined) return false;
    // Two revokes racing both find the token; the engine's delete tells which one removed it.
    return this.engine.delete(this.alias, hit.id, { refresh: true });
  }
}
