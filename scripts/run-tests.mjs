// Runs every compiled test file (dist/**/*.test.js) with Node's built-in test runner.
// Node 20 has no glob support in `node --test`, so the files are listed here.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('../dist/', import.meta.url).pathname;
const filter = process.argv[2];
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.js') && !f.startsWith('node_modules'))
  .filter((f) => !filter || f.includes(filter))
  .map((f) => join(root, f))
  .sort();
if (files.length === 0) {
  console.error('no test files found under dist/');
  process.exit(1);
}
// A test that waits on something that never comes (a service stuck answering 429) fails after
// ten minutes instead of holding the run until CI's own limit; the slowest test takes about two.
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-timeout=600000', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
