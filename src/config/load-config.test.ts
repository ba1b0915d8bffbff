import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../../test/support/temp-dir.js';
import { ConfigError, envName, loadConfig } from './load-config.js';
import { printableConfig } from './print-config.js';

function configFile(text: string): { file: string; remove: () => void } {
  const dir = tempDir('config');
  const file = join(dir.path, 'custodian.yaml');
  writeFileSync(file, text);
  return { file, remove: dir.remove };
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs out of the box: embedded profile, ./data, SMTP on 127.0.0.1:2525, HTTP on 127.0.0.1:8080', () => {
    const config = loadConfig({ env: {} });
    assert.equal(config.profile, 'embedded');
    assert.equal(config.dataDir, './data');
    assert.deepEqual([config.smtp.host, config.smtp.port], ['127.0.0.1', 2525]);
    assert.deepEqual([config.api.host, config.api.port], ['127.0.0.1', 8080]);
  });

  it('reads the YAML file and lets environment variables override it', () => {
    const { file, remove } = configFile('dataDir: /var/lib/custodian\nsmtp:\n  port: 25\n  maxRecipients: 10\n');
    const config = loadConfig({ file, env: { CUSTODIAN_SMTP__PORT: '2526', CUSTODIAN_SMTP__ARCHIVE_ADDRESSES: '[journal@archive.example]' } });
    remove();
    assert.equal(config.dataDir, '/var/lib/custodian');
    assert.equal(config.smtp.port, 2526);
    assert.equal(config.smtp.maxRecipients, 10);
    assert.deepEqual(config.smtp.archiveAddresses, ['journal@archive.example']);
  });

  it('returns a frozen config', () => {
    const config = loadConfig({ env: {} });
    assert.throws(() => {
      (config.smtp as { port: number }).port = 1;
    }, TypeError);
  });

  it('reports every problem at once, naming the file line or variable and the fix', () => {
    const { file, remove } = configFile('smtp:\n  port: 99999\n  maxRecipeints: 5\napi:\n  port: http\n');
    const problems = problemsOf(() => loadConfig({ file, env: { CUSTODIAN_PIPELINE__CONCURRENCY: 'lots' } }));
    remove();
    assert.equal(problems.length, 4, problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith(`${file}:2: smtp.port:`) && p.includes(`override with CUSTODIAN_SMTP__PORT`)), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith(`${file}:3: smtp.maxRecipeints: unknown option`)), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith(`${file}:5: api.port:`)), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('CUSTODIAN_PIPELINE__CONCURRENCY (pipeline.concurrency):') && p.includes('set CUSTODIAN_PIPELINE__CONCURRENCY to a valid value')), problems.join('\n'));
  });

  it('reports YAML syntax errors with their line', () => {
    const { file, remove } = configFile('smtp:\n  port: [1, 2\n');
    const problems = problemsOf(() => loadConfig({ file, env: {} }));
    remove();
    assert.match(problems[0] ?? '', new RegExp(`^${file}:\\d+: YAML syntax`));
  });

  it('refuses requireTls without a certificate', () => {
    const problems = problemsOf(() => loadConfig({ env: { CUSTODIAN_SMTP__REQUIRE_TLS: 'true' } }));
    assert.match(problems.join('\n'), /\(smtp\.requireTls\): requires smtp\.tls/);
  });

  it('names a missing config file', () => {
    const problems = problemsOf(() => loadConfig({ file: '/nonexistent/custodian.yaml', env: {} }));
    assert.match(problems[0] ?? '', /^\/nonexistent\/custodian\.yaml: cannot read the config file/);
  });

  it('maps dotted keys to their environment variable', () => {
    assert.equal(envName('smtp.maxMessageBytes'), 'CUSTODIAN_SMTP__MAX_MESSAGE_BYTES');
  });

  it('masks secrets when printed', () => {
    const config = loadConfig({
      env: { CUSTODIAN_SMTP__AUTH: '{users: [{username: exchange, passwordHash: "scrypt$1$8$1$c2FsdA==$aGFzaA=="}]}' },
    });
    const printed = JSON.stringify(printableConfig(config));
    assert.ok(!printed.includes('aGFzaA=='));
    assert.ok(printed.includes('********'));
  });
});
