import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { Command } from 'commander';
import { tempDir } from '../../test/support/temp-dir.js';
import { createSqliteAuditLog } from '../audit/sqlite-audit-log.js';
import { loadConfig } from '../config/load-config.js';
import { openDatabase } from '../db/open-database.js';
import { addAuditCommands } from './audit-commands.js';

/** A data directory whose audit log holds `count` entries, and a way to run `custodian audit …` on it. */
async function withAuditTrail(t: TestContext, count: number) {
  const dir = tempDir('audit-cli');
  t.after(() => dir.remove());
  const db = openDatabase(join(dir.path, 'custodian.db'));
  const audit = createSqliteAuditLog(db);
  for (let i = 1; i <= count; i++) await audit.append({ actor: 'olga-officer', action: 'search', source: '203.0.113.9', detail: { n: i } });
  db.close();
  const out: string[] = [];
  t.mock.method(console, 'log', (line: string) => void out.push(line));
  t.mock.method(console, 'error', (line: string) => void out.push(line));
  t.after(() => {
    process.exitCode = 0;
  });
  const run = async (...args: string[]): Promise<{ out: string[]; exitCode: number }> => {
    out.length = 0;
    process.exitCode = 0;
    const program = new Command().exitOverride().configureOutput({ writeErr: (text) => void out.push(text.trimEnd()) });
    addAuditCommands(program, () => loadConfig({ env: { CUSTODIAN_DATA_DIR: dir.path } }));
    await program.parseAsync(['audit', ...args], { from: 'user' });
    return { out: [...out], exitCode: Number(process.exitCode ?? 0) };
  };
  return { dir: dir.path, run };
}

test('an export written by the CLI verifies offline', async (t) => {
  const cli = await withAuditTrail(t, 30);
  const file = join(cli.dir, 'audit.ndjson');
  const exported = await cli.run('export', '--out', file);
  assert.deepEqual(exported.out, [`entries 1–30 written to ${file}`]);
  const verified = await cli.run('verify', file);
  assert.equal(verified.exitCode, 0);
  assert.match(verified.out.join('\n'), /^OK: entries 1–30, 30 checked, 0 findings, from the chain's start; head 30 [0-9a-f]{64}$/);
});

test('an edited and a deleted line of an export are named, and verify exits 1', async (t) => {
  const cli = await withAuditTrail(t, 30);
  const file = join(cli.dir, 'audit.ndjson');
  await cli.run('export', '--out', file);
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[9] = (lines[9] ?? '').replace('"olga-officer"', '"nobody"');
  lines.splice(19, 1);
  writeFileSync(file, lines.join('\n'));
  const verified = await cli.run('verify', file);
  assert.equal(verified.exitCode, 1);
  assert.deepEqual(verified.out.slice(0, 2), ['entry 10: hash mismatch (edited)', 'entry 20 missing (deleted)']);
});

test('verify without a file checks the database chain and records that it did', async (t) => {
  const cli = await withAuditTrail(t, 5);
  const verified = await cli.run('verify');
  assert.equal(verified.exitCode, 0);
  assert.match(verified.out.join('\n'), /^OK: entries 1–5, 5 checked/);
  const db = openDatabase(join(cli.dir, 'custodian.db'));
  t.after(() => db.close());
  const last = db.prepare<[], { action: string; source: string }>('SELECT action, source FROM audit_log ORDER BY seq DESC LIMIT 1').get();
  assert.equal(last?.action, 'audit.verify');
  assert.match(last?.source ?? '', /^cli:/);
});

test('an export refuses to overwrite a file and rejects a malformed range', async (t) => {
  const cli = await withAuditTrail(t, 2);
  const file = join(cli.dir, 'audit.ndjson');
  writeFileSync(file, 'keep me');
  await assert.rejects(cli.run('export', '--out', file), { code: 'EEXIST' });
  assert.equal(readFileSync(file, 'utf8'), 'keep me');
  const db = openDatabase(join(cli.dir, 'custodian.db'));
  t.after(() => db.close());
  assert.equal(db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'audit.export'").pluck().get(), 0);
  await assert.rejects(cli.run('export', '--from', 'last tuesday', '--out', join(cli.dir, 'x.ndjson')), { exitCode: 2 });
});
