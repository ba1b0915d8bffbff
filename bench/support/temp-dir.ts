import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cleanup } from './run-bench.js';

/** A fresh directory under the system temp dir, removed by `cleanup` however the benchmark ends. */
export function benchTempDir(cleanup: Cleanup, prefix: string): string {
  const path = mkdtempSync(join(tmpdir(), `custodian-bench-${prefix}-`));
  cleanup.add(`remove ${path}`, () => rmSync(path, { recursive: true, force: true }));
  return path;
}
