import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The blob store's directory for half-written blobs (see fs-blob-store.ts): never a finding. */
const TEMPORARY_DIR = 'tmp';
const FAN_OUT = /^[0-9a-f]{2}$/;
const BLOB_NAME = /^[0-9a-f]{64}$/;

/** One entry of the blob store's tree: a blob where the layout puts it, or anything else. */
export type BlobFileEntry =
  | { type: 'blob'; id: string; path: string }
  | { type: 'stray'; path: string; reason: string };

/**
 * Walks the filesystem blob store's layout, `root/ab/cd/<sha256>`, in sorted order, one directory
 * listing at a time: memory is one leaf directory (about 15 names at a million blobs) plus the
 * two fan-out listings (256 names each), whatever the store's size. Anything that is not a blob
 * at its place (a file with another name, a blob under the wrong prefix, a file or directory
 * where a fan-out directory belongs) is yielded as `stray`, so nothing in the tree goes unseen.
 */
export async function* walkBlobFiles(root: string): AsyncGenerator<BlobFileEntry> {
  for (const top of await sortedEntries(root)) {
    const topPath = join(root, top.name);
    if (top.name === TEMPORARY_DIR && top.isDirectory()) continue;
    if (!top.isDirectory() || !FAN_OUT.test(top.name)) {
      yield { type: 'stray', path: topPath, reason: 'not a fan-out directory of the blob layout' };
      continue;
    }
    for (const middle of await sortedEntries(topPath)) {
      const middlePath = join(topPath, middle.name);
      if (!middle.isDirectory() || !FAN_OUT.test(middle.name)) {
        yield { type: 'stray', path: middlePath, reason: 'not a fan-out directory of the blob layout' };
        continue;
      }
      const prefix = top.name + middle.name;
      for (const leaf of await sortedEntries(middlePath)) {
        const path = join(middlePath, leaf.name);
        if (leaf.isFile() && BLOB_NAME.test(leaf.name) && leaf.name.startsWith(prefix)) yield { type: 'blob', id: leaf.name, path };
        else yield { type: 'stray', path, reason: leaf.isFile() ? 'a file that is not a blob at its place' : 'not a regular file' };
      }
    }
  }
}

/** A directory's entries by name; a directory removed meanwhile (a deletion emptied it) has none. */
async function sortedEntries(directory: string) {
  const entries = await readdir(directory, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
