import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import type { ExpiredBatchRequest, ExpiredMessage, ExpiredMessages } from '../retention/expiry/expired-messages.js';
import { deletionFixture, type DeletionFixture } from '../retention/deletion/deletion-fixture.js';
import { SqliteSweepStore } from '../retention/sweep/sqlite-sweep-store.js';
import { Sweeper } from '../retention/sweep/sweeper.js';
import { addRetentionCommands } from './retention-commands.js';

/** Every archived message expired under `mail-7y`, in archive-id order. */
class AllExpired implements ExpiredMessages {
  constructor(private readonly f: DeletionFixture) {}

  async expiredBatch(request: ExpiredBatchRequest): Promise<ExpiredMessage[]> {
    return this.f.db
      .prepare<[string, number], { id: string }>('SELECT id FROM messages WHERE id > ? ORDER BY id LIMIT ?')
      .all(request.after?.messageId ?? '', request.limit)
      .map((row) => ({ messageId: row.id, policyId: 'mail-7y', expiresAt: '2029-01-01T00:00:00.000Z' }));
  }
}

/** Runs `custodian retention …` on the fixture's data directory; returns stdout and the exit status. */
async function cli(t: TestContext, f: DeletionFixture, args: string[]): Promise<{ stdout: string; exitCode: number }> {
  const dataDir = dirname(f.db.name);
  const lines: string[] = [];
  t.mock.method(console, 'log', (line: string) => void lines.push(line));
  t.mock.method(console, 'error', () => undefined);
  process.exitCode = 0;
  const program = new Command().exitOverride();
  const sweeper = new Sweeper({ expired: new AllExpired(f), deleter: f.deleter, holds: f.holds, expiriesCurrent: async () => undefined, store: new SqliteSweepStore(f.db, f.writer), audit: f.audit, batchSize: 2 });
  addRetentionCommands(program, () => ({ ...loadConfig({ env: {} }), dataDir }), async () => ({ sweeper, close: async () => undefined }));
  await program.parseAsync(['node', 'custodian', 'retention', ...args]);
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout: lines.join('\n'), exitCode };
}

test('a dry run from the CLI writes its whole list to --out and deletes nothing; a real sweep then deletes the same', async (t) => {
  const f = deletionFixture(t);
  const ids = [await f.archive(1), await f.archive(2), await f.archive(3), await f.archive(4, 'custodian@example.com')];
  const holdId = await f.hold('custodian@example.com');
  const out = join(dirname(f.db.name), 'candidates.jsonl');

  const dry = await cli(t, f, ['sweep', '--dry-run', '--out', out]);
  assert.equal(dry.exitCode, 0);
  assert.deepEqual([JSON.parse(dry.stdout).deleted, JSON.parse(dry.stdout).held], [3, 1]);
  const listed = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { messageId: string; holds: string[] });
  assert.deepEqual(listed.map((c) => c.messageId), [...ids].sort());
  assert.deepEqual(listed.filter((c) => c.holds.length > 0).map((c) => [c.messageId, c.holds]), [[ids[3], [holdId]]]);
  assert.equal(await f.index.count(), 4);

  const real = await cli(t, f, ['sweep']);
  assert.equal(real.exitCode, 0);
  const tombstoned = (await f.tombstones.list({}, 10, null)).tombstones.map((x) => x.messageId).sort();
  assert.deepEqual(tombstoned, listed.filter((c) => c.holds.length === 0).map((c) => c.messageId));
});

test('the CLI refuses to sweep while a running appliance holds the data directory', async (t) => {
  const f = deletionFixture(t);
  await f.archive(1);
  // The parent process (the test runner) stands in for a live appliance owning the lock.
  writeFileSync(join(dirname(f.db.name), 'custodian.pid'), String(process.ppid));
  const refused = await cli(t, f, ['sweep']);
  assert.equal(refused.exitCode, 75);
  assert.equal(await f.index.count(), 1);
});
