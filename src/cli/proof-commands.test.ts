import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { integrityFixture } from '../integrity/test-support/integrity-fixture.js';
import { addProofCommands } from './proof-commands.js';

/** Runs `custodian proof …` in-process against a config whose dataDir is `dataDir`; returns stdout lines and the exit code. */
async function runProof(t: TestContext, dataDir: string, args: string[]): Promise<{ lines: string[]; exitCode: number }> {
  const configFile = join(dataDir, 'custodian.yaml');
  writeFileSync(configFile, `dataDir: ${dataDir}\n`);
  const program = new Command().exitOverride();
  addProofCommands(program, () => loadConfig({ file: configFile, env: {} }));
  const lines: string[] = [];
  t.mock.method(console, 'log', (line: string) => lines.push(line));
  t.mock.method(console, 'error', () => undefined);
  process.exitCode = 0;
  await program.parseAsync(['proof', ...args], { from: 'user' });
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  t.mock.restoreAll();
  return { lines, exitCode };
}

test('proof get writes a bundle that proof verify accepts offline, with the original and the key that proof public-key prints', async (t) => {
  const fx = integrityFixture(t);
  await fx.archive(0, 4);
  await fx.checkpoints.createCheckpoint();
  const bundle = join(fx.dir, 'bundle.json');
  const eml = join(fx.dir, 'message.eml');
  const publicKey = join(fx.dir, 'appliance.pub.pem');
  writeFileSync(eml, fx.original(2).bytes);
  writeFileSync(publicKey, fx.key.publicKeyPem);

  await runProof(t, fx.dir, ['get', fx.original(2).id, '--out', bundle]);
  const audited = fx.db.prepare("SELECT detail FROM audit_log WHERE action = 'proof.read'").all() as Array<{ detail: string }>;
  assert.deepEqual(audited.map((row) => JSON.parse(row.detail) as unknown), [{ id: fx.original(2).id, treeSize: 4, leafIndex: 2 }]);

  const printed = await runProof(t, fx.dir, ['public-key']);
  assert.deepEqual(printed.lines, [fx.key.publicKeyPem.trimEnd()]);

  const { lines, exitCode } = await runProof(t, fx.dir, ['verify', bundle, '--eml', eml, '--public-key', publicKey]);
  assert.equal(exitCode, 0);
  assert.equal(lines.at(-1), 'VERIFIED');
  assert.ok(lines.some((line) => line.startsWith('ok   original:')));
  assert.ok(lines.some((line) => line.startsWith('--   not checked: timestamp')));
});

test('proof verify exits 1 and names the failing check when the original was altered', async (t) => {
  const fx = integrityFixture(t);
  await fx.archive(0, 2);
  await fx.checkpoints.createCheckpoint();
  const bundle = join(fx.dir, 'bundle.json');
  const eml = join(fx.dir, 'message.eml');
  await runProof(t, fx.dir, ['get', fx.original(1).id, '--out', bundle]);
  writeFileSync(eml, Buffer.concat([fx.original(1).bytes, Buffer.from(' ')]));
  const { lines, exitCode } = await runProof(t, fx.dir, ['verify', bundle, '--eml', eml]);
  assert.equal(exitCode, 1);
  assert.equal(lines.at(-1), 'NOT VERIFIED');
  assert.match(lines.find((line) => line.startsWith('FAIL')) ?? '', /^FAIL original: .* the original was altered$/);
});
