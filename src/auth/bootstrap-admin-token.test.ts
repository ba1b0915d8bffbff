import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { pino, type Logger } from 'pino';
import { freshDatabase } from '../../test/support/fresh-database.js';
import { ADMIN_TOKEN_FILE, bootstrapAdminToken } from './bootstrap-admin-token.js';
import { createSqliteTokenStore } from './sqlite-token-store.js';
import type { TokenStore } from './token-store.js';

interface Setup {
  dataDir: string;
  tokens: TokenStore;
  logger: Logger;
  logText: () => string;
  printed: string[];
}

async function setup(t: TestContext): Promise<Setup> {
  const { db, dir: dataDir } = freshDatabase(t, 'bootstrap');
  const lines: string[] = [];
  return {
    dataDir,
    tokens: createSqliteTokenStore(db),
    logger: pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) }),
    logText: () => lines.join(''),
    printed: [],
  };
}

test('with no tokens, an admin token is created, written to a 0600 file, printed once and never logged', async (t) => {
  const s = await setup(t);
  const token = await bootstrapAdminToken({ ...s, print: (line) => s.printed.push(line) });
  assert.ok(token !== null);

  const path = join(s.dataDir, ADMIN_TOKEN_FILE);
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  assert.equal(await readFile(path, 'utf8'), `${token}\n`);
  assert.equal((await s.tokens.verify(token))?.role, 'admin');

  assert.equal(s.printed.length, 1);
  assert.match(s.printed[0] ?? '', new RegExp(token));
  assert.match(s.logText(), new RegExp(ADMIN_TOKEN_FILE));
  assert.doesNotMatch(s.logText(), new RegExp(token.slice(4)));
});

test('when tokens exist nothing is created, written, printed or logged', async (t) => {
  const s = await setup(t);
  const print = (line: string) => s.printed.push(line);
  const first = await bootstrapAdminToken({ ...s, print });
  const before = await stat(join(s.dataDir, ADMIN_TOKEN_FILE));
  const logged = s.logText();

  assert.equal(await bootstrapAdminToken({ ...s, print }), null);
  assert.equal(await s.tokens.count(), 1);
  assert.equal(s.printed.length, 1);
  assert.equal(s.logText(), logged);
  const after = await stat(join(s.dataDir, ADMIN_TOKEN_FILE));
  assert.equal(after.mtimeMs, before.mtimeMs);
  assert.equal(await readFile(join(s.dataDir, ADMIN_TOKEN_FILE), 'utf8'), `${first}\n`);
});

test('a stale token file left by an earlier database is replaced by a fresh 0600 one', async (t) => {
  const s = await setup(t);
  const path = join(s.dataDir, ADMIN_TOKEN_FILE);
  await writeFile(path, 'cus_stale\n', { mode: 0o644 });
  const token = await bootstrapAdminToken({ ...s, print: () => {} });
  assert.equal(await readFile(path, 'utf8'), `${token}\n`);
  assert.equal((await stat(path)).mode & 0o777, 0o600);
});
