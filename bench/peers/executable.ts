import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Full path of a program on PATH or in the sbin directories (where Debian puts `spamd`), or null
 * when it is not installed, so a missing peer is a one-line notice rather than an ENOENT later.
 */
export function findExecutable(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'].filter((d) => d !== '');
  for (const dir of dirs) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // Not in this directory; try the next.
    }
  }
  return null;
}
