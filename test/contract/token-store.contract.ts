import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { hashToken } from '../../src/auth/api-token-secret.js';
import type { TokenStore } from '../../src/auth/token-store.js';

/** A token store under test, and the hooks the contract needs beyond the port. */
export interface TokenStoreUnderTest {
  /** A new TokenStore on the same storage, as another process would open it (own connection). */
  openStore(): Promise<TokenStore>;
  /** Everything the storage keeps about tokens, as text: what a stolen copy of it would reveal. */
  storedText(): Promise<string>;
  /** Rewrites a token's role behind the store's back (a newer build's role, or tampering). */
  setRole(id: string, role: string): Promise<void>;
  cleanup(): Promise<void>;
}

export type MakeTokenStore = () => Promise<TokenStoreUnderTest>;

/** Waits until the clock has moved on a millisecond, so the next token is created later. */
async function nextMillisecond(): Promise<void> {
  const now = Date.now();
  while (Date.now() === now) await yieldToEventLoop();
}

/** The TokenStore port's contract: every backend must pass it unchanged. */
export function describeTokenStoreContract(name: string, makeStore: MakeTokenStore): void {
  const withStore = (body: (store: TokenStoreUnderTest, tokens: TokenStore) => Promise<void>) => async () => {
    const store = await makeStore();
    try {
      await body(store, await store.openStore());
    } finally {
      await store.cleanup();
    }
  };

  describe(`TokenStore contract: ${name}`, () => {
    it('mints a prefixed 256-bit token that verifies to its principal', withStore(async (_store, tokens) => {
      assert.equal(await tokens.count(), 0);
      const { id, token } = await tokens.create('olga', 'officer');
      assert.match(token, /^cus_[A-Za-z0-9_-]{43}$/);
      assert.deepEqual(await tokens.verify(token), { tokenId: id, name: 'olga', role: 'officer' });
      assert.equal(await tokens.count(), 1);
    }));

    it('stores the SHA-256 hex of a token, never the token', withStore(async (store, tokens) => {
      const { token } = await tokens.create('ada', 'admin');
      const stored = await store.storedText();
      assert.ok(stored.includes(hashToken(token)), 'the hash is what is kept');
      assert.ok(!stored.includes(token.slice(4)), 'the secret part of the token is not');
    }));

    it('does not verify unknown, malformed or near-miss tokens', withStore(async (_store, tokens) => {
      const { token } = await tokens.create('ada', 'admin');
      const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
      for (const bearer of ['', 'cus_', token.slice(4), `${token}x`, flipped, token.toUpperCase(), hashToken(token)]) {
        assert.equal(await tokens.verify(bearer), null, bearer);
      }
    }));

    it('grants nothing to a stored token whose role this build does not know', withStore(async (store, tokens) => {
      const { id, token } = await tokens.create('ada', 'admin');
      await store.setRole(id, 'root');
      assert.equal(await tokens.verify(token), null);
    }));

    it('lists every token\'s id, name, role and creation time, oldest first, never the secret', withStore(async (_store, tokens) => {
      const before = new Date().toISOString();
      const created: Array<{ id: string; token: string }> = [];
      for (const [name, role] of [['ada', 'admin'], ['olga', 'officer'], ['aud', 'auditor']] as const) {
        created.push(await tokens.create(name, role));
        await nextMillisecond();
      }
      const listed = await tokens.list();
      assert.deepEqual(listed.map(({ id, name, role }) => ({ id, name, role })), [
        { id: created[0]?.id, name: 'ada', role: 'admin' },
        { id: created[1]?.id, name: 'olga', role: 'officer' },
        { id: created[2]?.id, name: 'aud', role: 'auditor' },
      ]);
      for (const { createdAt } of listed) {
        assert.match(createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        assert.ok(createdAt >= before && createdAt <= new Date().toISOString());
      }
      assert.ok(!JSON.stringify(listed).includes(created[0]?.token.slice(4) ?? '?'));
    }));

    it('stops a revoked token at once, in every process, and revokes only once', withStore(async (store, api) => {
      const cli = await store.openStore();
      const { id, token } = await cli.create('olga', 'officer');
      const other = await cli.create('ada', 'admin');
      assert.equal((await api.verify(token))?.tokenId, id, 'minted by the CLI, accepted by the API at once');
      assert.equal(await api.revoke(id), true);
      assert.equal(await cli.verify(token), null);
      assert.equal(await api.verify(token), null);
      assert.equal(await cli.revoke(id), false);
      assert.equal(await cli.revoke('no-such-token'), false);
      assert.deepEqual((await cli.list()).map((t) => t.id), [other.id]);
      assert.equal(await api.count(), 1);
      assert.equal((await api.verify(other.token))?.name, 'ada', 'revoking one token leaves the others');
    }));

    it('keeps every token minted by several processes at once', withStore(async (store, first) => {
      const stores = [first, await store.openStore(), await store.openStore()];
      const minted = (await Promise.all(stores.map((tokens, s) =>
        Promise.all(Array.from({ length: 5 }, (_, n) => tokens.create(`p${s}-${n}`, 'officer'))),
      ))).flat();
      assert.equal(await first.count(), 15);
      assert.deepEqual((await first.list()).map((t) => t.id).sort(), minted.map((t) => t.id).sort());
      for (const [s, tokens] of stores.entries()) {
        const { token, id } = minted[(s * 7) % minted.length] ?? assert.fail('minted');
        assert.equal((await tokens.verify(token))?.tokenId, id);
      }
    }));
  });
}
