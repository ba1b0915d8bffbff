import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/load-config.js';
import { tempDir } from '../support/temp-dir.js';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('the README', () => {
  it('shows an example custodian.yaml that the configuration schema accepts', () => {
    const section = README.slice(README.indexOf('### Example `custodian.yaml`'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(yaml, 'the example is there');
    const dir = tempDir('readme');
    const file = join(dir.path, 'custodian.yaml');
    writeFileSync(file, yaml);
    const config = loadConfig({ file, env: {} });
    dir.remove();
    assert.deepEqual(config.smtp.journalReportSources, ['10.0.0.11', '10.0.0.12']);
    assert.equal(config.pipeline.workerThreads, 4);
  });

  it('documents every configuration option', () => {
    const config = loadConfig({ env: {} });
    const keys: string[] = [];
    const walk = (value: unknown, path: string[]) => {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
      } else keys.push(path.join('.'));
    };
    walk(config, []);
    const missing = keys.filter((key) => !README.includes(`\`${key}\``));
    assert.deepEqual(missing, []);
  });
});
