import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from wherever a test was compiled to (dist/, dist-*). */
export function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
  return dir;
}

/** `test/fixtures/rules/<parts>` in the repository. */
export function ruleFixture(...parts: string[]): string {
  return join(repositoryRoot(), 'test', 'fixtures', 'rules', ...parts);
}
