import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { tempDir } from '../support/temp-dir.js';

const CLI = new URL('../../src/cli.js', import.meta.url).pathname;
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', input: '' });

describe('the custodian command', () => {
  it('explains itself with --help', () => {
    const result = run(['--help']);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /Usage: custodian/);
    assert.match(result.stdout, /start/);
    assert.match(result.stdout, /--print-config/);
  });

  it('prints the merged configuration with secrets masked', () => {
    const result = run(['--print-config'], {
      CUSTODIAN_SMTP__PORT: '2600',
      CUSTODIAN_SMTP__AUTH: '{users: [{username: x, passwordHash: "scrypt$1$8$1$c2FsdA==$c2VjcmV0"}]}',
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /port: 2600/);
    assert.match(result.stdout, /passwordHash: "\*+"/);
    assert.ok(!result.stdout.includes('c2VjcmV0'));
  });

  it('refuses a bad configuration with every problem and exit code 78', () => {
    const result = run(['start'], { CUSTODIAN_SMTP__PORT: 'twenty-five' });
    assert.equal(result.status, 78);
    assert.match(result.stderr, /CUSTODIAN_SMTP__PORT \(smtp\.port\)/);
    assert.match(result.stderr, /invalid configuration/);
  });

  it('hashes a password read from standard input', () => {
    const result = spawnSync(process.execPath, [CLI, 'hash-password'], { input: 'correct horse\n', encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout.trim(), /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  });

  it('creates, lists and revokes API tokens for other roles, and audits each change', () => {
    const dir = tempDir('cli-token');
    const env = { CUSTODIAN_DATA_DIR: dir.path };
    const created = run(['token', 'create', 'Olivia Officer', '--role', 'officer'], env);
    assert.equal(created.status, 0, created.stderr);
    assert.match(created.stdout.trim(), /^cus_[A-Za-z0-9_-]{43}$/);
    const listed = run(['token', 'list'], env);
    const [id, role, name] = listed.stdout.trim().split('\t');
    assert.deepEqual([role, name], ['officer', 'Olivia Officer']);
    assert.equal(run(['token', 'revoke', id as string], env).status, 0);
    assert.equal(run(['token', 'list'], env).stdout.trim(), '');
    assert.equal(run(['token', 'revoke', id as string], env).status, 1);
    assert.equal(run(['token', 'create', 'x', '--role', 'superuser'], env).status, 2);
    const db = new Database(join(dir.path, 'custodian.db'), { readonly: true });
    const actions = (db.prepare('SELECT action FROM audit_log ORDER BY seq').all() as Array<{ action: string }>).map((r) => r.action);
    db.close();
    dir.remove();
    assert.deepEqual(actions, ['token.create', 'token.revoke']);
  });
});
