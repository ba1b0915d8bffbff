import { open } from 'node:fs/promises';

/**
 * fsyncs a directory, so the entries created, renamed or removed in it survive a crash. Opens it
 * read-only and syncs that descriptor; works the same for a file already written and closed
 * (fsync flushes the file, whichever descriptor it is called on). Errors (open or fsync) reject;
 * the caller decides whether they matter.
 */
export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsyncs a file already written and closed: the same steps as `syncDirectory`. */
export const syncFile: (file: string) => Promise<void> = syncDirectory;
