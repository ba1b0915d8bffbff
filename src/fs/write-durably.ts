import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDirectory } from './sync-directory.js';

/**
 * Temp file → fsync → rename to the final name → fsync its directory: the file appears under its
 * name only complete and on disk, and the rename survives a crash. `temporary` must be on the
 * same filesystem as `path` (rename is atomic only there); it is created exclusively (0600) and
 * removed again when a step fails.
 */
export async function writeDurably(path: string, temporary: string, contents: Buffer): Promise<void> {
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(path));
}
