import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { Command, CommanderError } from 'commander';
import { auditRows } from '../api/test-support/harness.js';
import { loadConfig } from '../config/load-config.js';
import { verifyDetachedReportSignature } from '../reports/signed-report-file.js';
import { pdfText, reportServiceFixture, type ReportServiceFixture } from '../reports/test-support/report-service-fixture.js';
import { addReportCommands } from './report-commands.js';
import { addReportVerifyCommand } from './report-verify-command.js';

/** Runs `custodian report …` on the fixture's service; returns what it printed and the exit status. */
async function cli(t: TestContext, f: ReportServiceFixture, args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number; opened: number }> {
  const out: string[] = [];
  const err: string[] = [];
  t.mock.method(console, 'log', (line: string) => void out.push(line));
  t.mock.method(console, 'error', (line: string) => void err.push(line));
  let opened = 0;
  const program = new Command().exitOverride().configureOutput({ writeErr: (text) => void err.push(text), writeOut: (text) => void out.push(text) });
  const report = addReportCommands(program, () => loadConfig({ env: { CUSTODIAN_DATA_DIR: f.dir } }), async () => {
    opened += 1;
    return { service: f.service, close: async () => undefined };
  });
  report.exitOverride();
  process.exitCode = 0;
  let exitCode: number;
  try {
    await program.parseAsync(['node', 'custodian', 'report', ...args]);
    exitCode = Number(process.exitCode ?? 0);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    exitCode = error.exitCode;
  }
  process.exitCode = 0;
  return { stdout: out.join('\n'), stderr: err.join('\n'), exitCode, opened };
}

test('custodian report <name> --from --to --out writes the PDF and its signature, audited as the CLI user', async (t) => {
  const f = await reportServiceFixture(t);
  const out = join(f.dir, 'retention.pdf');
  const result = await cli(t, f, ['retention', '--from', '2024-01-01', '--to', '2024-04-01', '--out', out]);
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.stderr, /SHA-256 [0-9a-f]{64}/);
  assert.match(pdfText(out), /2024/);
  assert.deepEqual(verifyDetachedReportSignature(readFileSync(out), JSON.parse(readFileSync(`${out}.sig.json`, 'utf8')), f.key.publicKeyPem), []);
  const [entry] = auditRows(f.db);
  assert.equal(entry?.action, 'report.generate');
  assert.match(entry.actor, /^cli:/);
  assert.deepEqual([entry.detail.report, entry.detail.from, entry.detail.to], ['retention', '2024-01-01T00:00:00.000Z', '2024-04-01T00:00:00.000Z']);
});

test('custodian report run <name> is the same command spelled with its subcommand', async (t) => {
  const f = await reportServiceFixture(t);
  const out = join(f.dir, 'dlp.pdf');
  const result = await cli(t, f, ['run', 'dlp-incidents', '--from', '2024-01-01T00:00:00Z', '--to', '2024-01-08T00:00:00+00:00', '-o', out]);
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(existsSync(out), true);
});

test('bad dates, a backwards period, a missing --out and an unknown report are usage errors that say what is wrong, before anything opens', async (t) => {
  const f = await reportServiceFixture(t);
  const out = join(f.dir, 'x.pdf');
  const badDate = await cli(t, f, ['audit', '--from', '01/02/2024', '--to', '2024-02-01', '--out', out]);
  assert.deepEqual([badDate.exitCode, badDate.opened], [2, 0]);
  assert.match(badDate.stderr, /--from 01\/02\/2024: must be an ISO-8601 date/);
  const backwards = await cli(t, f, ['audit', '--from', '2024-02-01', '--to', '2024-01-01', '--out', out]);
  assert.equal(backwards.exitCode, 2);
  assert.match(backwards.stderr, /--to \(2024-01-01\) must be after --from/);
  const noOut = await cli(t, f, ['audit', '--from', '2024-01-01', '--to', '2024-02-01']);
  assert.equal(noOut.exitCode, 2);
  assert.match(noOut.stderr, /--out <file.pdf> is required/);
  const unknown = await cli(t, f, ['weekly-gossip', '--from', '2024-01-01', '--to', '2024-02-01', '--out', out]);
  assert.equal(unknown.exitCode, 2);
  assert.match(unknown.stderr, /no report "weekly-gossip"; the reports are: audit, case/);
  assert.equal(existsSync(out), false);
  assert.deepEqual(auditRows(f.db), []);
});

test('custodian report list names each report and marks the one that needs --case', async (t) => {
  const f = await reportServiceFixture(t);
  const result = await cli(t, f, ['list']);
  assert.equal(result.exitCode, 0);
  assert.match(result.stdout, /^case .*\(needs --case\)$/m);
  assert.match(result.stdout, /^retention /m);
  const json = await cli(t, f, ['list', '--json']);
  assert.deepEqual((JSON.parse(json.stdout) as Array<{ id: string }>).map((r) => r.id), ['audit', 'case', 'dlp-incidents', 'integrity', 'retention']);
});

test('the verify subcommand of another area fits under the same report command', async (t) => {
  const f = await reportServiceFixture(t);
  const program = new Command().exitOverride();
  const report = addReportCommands(program, () => loadConfig({ env: { CUSTODIAN_DATA_DIR: f.dir } }), async () => ({ service: f.service, close: async () => undefined }));
  addReportVerifyCommand(report);
  assert.deepEqual(report.commands.map((c) => c.name()).sort(), ['list', 'run', 'verify']);
});
