import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startApplianceProcess } from '../support/appliance-process.js';
import { until } from '../support/deferred.js';
import { tempDir } from '../support/temp-dir.js';

const CLI = new URL('../../src/cli.js', import.meta.url).pathname;

const pack = (term: string) => `kind: spam
description: Site spam rules
rules:
  - id: site-term
    description: A term the site treats as spam
    score: 1
    when: { subject: { keywords: [${term}] } }
    examples: [{ subject: "${term} offer" }]
    counterExamples: [{ subject: "minutes" }]
`;

describe('rule packs from the command line', () => {
  it('refuses to start with an invalid pack, naming file, line and reason, exit code 78', () => {
    const dir = tempDir('rules-cli');
    mkdirSync(join(dir.path, 'site'));
    writeFileSync(join(dir.path, 'site', 'bad.yaml'), 'kind: dlp\nrules:\n  - id: x\n    description: d\n    severity: high\n    when: { detector: no-such-detector }\n');
    const result = spawnSync(process.execPath, [CLI, 'start'], {
      env: { PATH: process.env.PATH ?? '', CUSTODIAN_DATA_DIR: join(dir.path, 'data'), CUSTODIAN_RULES__SITE_DIRECTORY: join(dir.path, 'site'), CUSTODIAN_SMTP__PORT: '0', CUSTODIAN_API__PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    dir.remove();
    assert.equal(result.status, 78, result.stderr);
    assert.match(result.stderr, /bad\.yaml:6: .*no-such-detector/);
  });

  it('reloads the packs on SIGHUP', async () => {
    const dir = tempDir('rules-hup');
    mkdirSync(join(dir.path, 'site'));
    writeFileSync(join(dir.path, 'site', 'site.yaml'), pack('zanzibar'));
    const appliance = await startApplianceProcess(join(dir.path, 'data'), { CUSTODIAN_RULES__SITE_DIRECTORY: join(dir.path, 'site'), CUSTODIAN_RULES__DKIM__VERIFY: 'false' }, 60_000);
    const version = async () => ((await (await fetch(`${appliance.apiUrl}/api/v1/rules`, { headers: { authorization: `Bearer ${appliance.token}` } })).json()) as { version: string }).version;
    try {
      const before = await version();
      writeFileSync(join(dir.path, 'site', 'site.yaml'), pack('timbuktu'));
      appliance.child.kill('SIGHUP');
      await until(async () => (await version()) !== before, 20_000, 50);
    } finally {
      appliance.child.kill('SIGTERM');
      await appliance.exited;
      dir.remove();
    }
  });
});
