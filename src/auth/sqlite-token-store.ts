import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open-database.js';
import { hashToken, hasTokenShape, mintToken } from './api-token-secret.js';
import { isRole, type Principal, type Role, type TokenInfo, type TokenStore } from './token-store.js';

export { hashToken, TOKEN_PREFIX } from './api-token-secret.js';

interface TokenRow {
  id: string;
  name: string;
  role: string;
}

/**
 * API tokens on the `api_tokens` table. Tokens are `cus_` + 32 random bytes in base64url; only
 * their SHA-256 hex is stored, and `verify` looks the hash up through the UNIQUE index.
 *
 * No constant-time comparison is needed: the only secret-dependent work is the index lookup of
 * SHA-256(presented token). Its timing can at best reveal how much of the *hash* of the
 * attacker's own guess matches a stored hash, and since SHA-256 is preimage resistant that says
 * nothing usable about a real token (a plain string compare of the raw token would have leaked it
 * byte by byte). A 256-bit random token also cannot be guessed, so no per-token salt or slow hash
 * is needed either.
 */
export function createSqliteTokenStore(db: Db): TokenStore {
  const byHash = db.prepare<[string], TokenRow>('SELECT id, name, role FROM api_tokens WHERE token_hash = ?');
  const insert = db.prepare<[string, string, string, string, number]>(
    'INSERT INTO api_tokens (id, name, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM api_tokens');
  const listAll = db.prepare<[], TokenRow & { created_at: number }>('SELECT id, name, role, created_at FROM api_tokens ORDER BY created_at');
  const remove = db.prepare<[string]>('DELETE FROM api_tokens WHERE id = ?');

  return {
    async verify(bearer: string): Promise<Principal | null> {
      if (!hasTokenShape(bearer)) return null;
      const row = byHash.get(hashToken(bearer));
      // A row whose role this build does not know grants nothing (fail closed).
      if (!row || !isRole(row.role)) return null;
      return { tokenId: row.id, name: row.name, role: row.role };
    },

    async create(name: string, role: Role): Promise<{ id: string; token: string }> {
      const id = randomUUID();
      const token = mintToken();
      insert.run(id, name, role, hashToken(token), Date.now());
      return { id, token };
    },

    async count(): Promise<number> {
      return countAll.get()?.n ?? 0;
    },

    async list(): Promise<TokenInfo[]> {
      return listAll.all().map((r) => ({ id: r.id, name: r.name, role: r.role, createdAt: new Date(r.created_at).toISOString() }));
    },

    async revoke(id: string): Promise<boolean> {
      return remove.run(id).changes > 0;
    },
  };
}
