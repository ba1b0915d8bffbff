import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { Command } from 'commander';
import { REPORT_DATA_FIXTURES } from '../reports/definitions/test-support/report-data-fixtures.js';
import { renderFixture } from '../reports/definitions/test-support/render-fixture.js';
import type { ReportData } from '../reports/report-data.js';
import { addReportVerifyCommand } from './report-verify-command.js';

/** Runs `custodian report verify …` in-process; returns stdout lines and the exit code. */
async function runVerify(t: TestContext, args: string[]): Promise<{ lines: string[]; exitCode: number }> {
  const program = new Command().exitOverride();
  addReportVerifyCommand(program.command('report').exitOverride());
  const lines: string[] = [];
  t.mock.method(console, 'log', (line: string) => lines.push(line));
  process.exitCode = 0;
  await program.parseAsync(['report', 'verify', ...args], { from: 'user' });
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  t.mock.restoreAll();
  return { lines, exitCode };
}

test('report verify exits 0 for an untouched report with the appliance key, and names the report', async (t) => {
  const fx = renderFixture(t);
  const { file } = await fx.render(await fx.definition('audit'), REPORT_DATA_FIXTURES.audit as ReportData);
  const keyFile = join(fx.dir, 'appliance.pub.pem');
  writeFileSync(keyFile, fx.key.publicKeyPem);
  const { lines, exitCode } = await runVerify(t, [file, '--public-key', keyFile]);
  assert.equal(exitCode, 0);
  assert.equal(lines[0], 'report audit "Audit report", period 2024-03-01T00:00:00.000Z to 2024-04-01T00:00:00.000Z');
  assert.equal(lines.at(-1), 'VERIFIED');
});

test('report verify without a key checks against the embedded one and says that proves integrity, not origin', async (t) => {
  const fx = renderFixture(t);
  const { file } = await fx.render(await fx.definition('audit'), REPORT_DATA_FIXTURES.audit as ReportData);
  const { lines, exitCode } = await runVerify(t, [file]);
  assert.equal(exitCode, 0);
  assert.ok(lines.some((line) => line.startsWith(`note: checked with the key embedded in the report (key id ${fx.key.keyId})`)), lines.join('\n'));
  assert.equal(lines.at(-1), 'VERIFIED');
});

test('report verify exits 1 and prints the problem when the key is another appliance\'s', async (t) => {
  const fx = renderFixture(t);
  const { file } = await fx.render(await fx.definition('audit'), REPORT_DATA_FIXTURES.audit as ReportData);
  const keyFile = join(fx.dir, 'other.pub.pem');
  writeFileSync(keyFile, fx.otherKey().publicKeyPem);
  const { lines, exitCode } = await runVerify(t, [file, '--public-key', keyFile, '--json']);
  assert.equal(exitCode, 1);
  const result = JSON.parse(lines.join('\n')) as { ok: boolean; key: string; problems: string[] };
  assert.equal(result.ok, false);
  assert.equal(result.key, 'given');
  assert.match(result.problems[0] ?? '', /^wrong key: /);
});
