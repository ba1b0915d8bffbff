import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { freshDatabase } from '../../test/support/fresh-database.js';
import type { Db } from '../db/open-database.js';
import { createSqliteTokenStore, hashToken } from './sqlite-token-store.js';

async function freshDb(t: TestContext): Promise<Db> {
  return freshDatabase(t, 'tokens').db;
}

test('a created token is prefixed, 256-bit, and verifies to its principal', async (t) => {
  const tokens = createSqliteTokenStore(await freshDb(t));
  const { id, token } = await tokens.create('olga', 'officer');
  assert.match(token, /^cus_[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(await tokens.verify(token), { tokenId: id, name: 'olga', role: 'officer' });
  assert.equal(await tokens.count(), 1);
});

test('only the SHA-256 hex of a token is stored', async (t) => {
  const db = await freshDb(t);
  const { token } = await createSqliteTokenStore(db).create('ada', 'admin');
  const rows = db.prepare('SELECT * FROM api_tokens').all() as Array<Record<string, unknown>>;
  assert.equal(rows[0]?.token_hash, hashToken(token));
  assert.doesNotMatch(JSON.stringify(rows), new RegExp(token.slice(4)));
});

test('unknown, malformed and near-miss tokens do not verify', async (t) => {
  const tokens = createSqliteTokenStore(await freshDb(t));
  const { token } = await tokens.create('ada', 'admin');
  const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
  for (const bearer of ['', 'cus_', token.slice(4), `${token}x`, flipped, token.toUpperCase()]) {
    assert.equal(await tokens.verify(bearer), null, bearer);
  }
});

test('a stored row with a role this build does not know grants nothing', async (t) => {
  const db = await freshDb(t);
  const tokens = createSqliteTokenStore(db);
  const { id, token } = await tokens.create('ada', 'admin');
  db.prepare("UPDATE api_tokens SET role = 'root' WHERE id = ?").run(id);
  assert.equal(await tokens.verify(token), null);
});
