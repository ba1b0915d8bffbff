import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { syncDirectory } from '../fs/sync-directory.js';
import { writeDurably } from '../fs/write-durably.js';
import { BlobIntegrityError, BlobNotFoundError, type BlobStore } from './blob-store.js';
import { KEY_BYTES } from './blob-crypto.js';
import { decodeBlob, encodeBlob } from './fs-blob-store-format.js';

export interface FsBlobStoreOptions {
  /** Directory holding the blobs; created when missing. */
  root: string;
  /** `gzip` compresses each blob at level 1 (skipped when it would not shrink it); `none` stores it as is. Config default gzip. */
  compression: 'gzip' | 'none';
  /** 32-byte AES-256-GCM key encrypting new blobs at rest; null stores them unencrypted. Needed to read encrypted blobs. */
  encryptionKey: Buffer | null;
}

/** `put` was given bytes whose SHA-256 is not the id: a caller bug that would break content addressing. */
export class BlobIdMismatchError extends Error {
  override readonly name = 'BlobIdMismatchError';
}

const ID_PATTERN = /^[0-9a-f]{64}$/;

/**
 * A content-addressed, write-once blob store on a local filesystem: `root/ab/cd/<sha256>`. The
 * two fan-out levels keep directories small (65,536 leaves; a million blobs is ~15 per leaf).
 *
 * A blob appears under its final name only complete and on disk: it is written to a temporary
 * file in `root/tmp/`, fsynced, renamed (atomic within a filesystem), and the directory is
 * fsynced so the rename itself survives a crash. What a crash leaves in `root/tmp/` was never
 * named by anything: `removeAbandonedWrites` clears it at start-up. Files are 0600 and
 * directories 0700: these are people's mail.
 */
/** Where blobs are written before they are renamed into place; same filesystem as the blobs. */
const TEMPORARY_DIR = 'tmp';

/**
 * Deletes half-written blobs a crash left behind; returns how many were removed. The embedded
 * profile calls it once at start-up, before any writer runs (it holds the data-directory lock).
 * On the cluster profile other processes may be writing into the same directory right now, so
 * only files older than `olderThanMs` (far longer than any write takes) are removed.
 */
export async function removeAbandonedWrites(root: string, options: { olderThanMs?: number } = {}): Promise<number> {
  const dir = join(root, TEMPORARY_DIR);
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const cutoff = Date.now() - (options.olderThanMs ?? 0);
  let removed = 0;
  for (const name of names) {
    const path = join(dir, name);
    const modified = options.olderThanMs === undefined ? 0 : (await stat(path).catch(() => null))?.mtimeMs;
    if (modified === undefined || modified > cutoff) continue;
    await rm(path, { force: true });
    removed += 1;
  }
  return removed;
}

export function createFsBlobStore(options: FsBlobStoreOptions): BlobStore {
  const { root, compression, encryptionKey } = options;
  if (encryptionKey !== null && encryptionKey.length !== KEY_BYTES) throw new RangeError(`blob encryption key must be ${KEY_BYTES} bytes, got ${encryptionKey.length}`);
  const pathOf = (id: string): string => {
    if (!ID_PATTERN.test(id)) throw new RangeError(`blob id must be 64 lower-case hex characters, got ${JSON.stringify(id.slice(0, 80))}`);
    return join(root, id.slice(0, 2), id.slice(2, 4), id);
  };
  let temporaryDirReady: Promise<void> | null = null;

  return {
    async put(id, bytes) {
      const path = pathOf(id);
      const actual = sha256(bytes);
      if (actual !== id) throw new BlobIdMismatchError(`blob id ${id} is not the SHA-256 of the bytes (${actual})`);
      // Already stored: sync its directory anyway, in case a crash came between an earlier put's
      // rename and its directory fsync (the entry would then not survive a power cut).
      if (await exists(path)) return syncDirectory(dirname(path));
      const contents = await encodeBlob(id, bytes, { compression, encryptionKey });
      await ensureDirectory(dirname(path));
      // Made once; a failure (a shared mount briefly away) is tried again by the next write.
      temporaryDirReady ??= ensureDirectory(join(root, TEMPORARY_DIR)).catch((error: unknown) => {
        temporaryDirReady = null;
        throw error;
      });
      await temporaryDirReady;
      await writeDurably(path, join(root, TEMPORARY_DIR, `${id}.${randomBytes(6).toString('hex')}`), contents);
    },

    async get(id) {
      const path = pathOf(id);
      let stored: Buffer;
      try {
        stored = await readFile(path);
      } catch (error) {
        if (isNotFound(error)) throw new BlobNotFoundError(`blob ${id} not found`);
        throw error;
      }
      const bytes = await decodeBlob(id, stored, encryptionKey);
      if (sha256(bytes) !== id) throw new BlobIntegrityError(`blob ${id}: content does not match its SHA-256`);
      return bytes;
    },

    async delete(id) {
      const path = pathOf(id);
      try {
        await unlink(path);
      } catch (error) {
        // Already gone (a retried deletion): its directory may still hold the unlink unsynced.
        if (!isNotFound(error)) throw error;
        if (!(await exists(dirname(path)))) return;
      }
      await syncDirectory(dirname(path));
    },
  };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** Creates the fan-out directories; when it made new ones, fsyncs their parents so they persist. */
async function ensureDirectory(directory: string): Promise<void> {
  const firstCreated = await mkdir(directory, { recursive: true, mode: 0o700 });
  if (firstCreated === undefined) return;
  const last = dirname(firstCreated);
  for (let dir = dirname(directory); ; dir = dirname(dir)) {
    await syncDirectory(dir);
    if (dir === last || dir === dirname(dir)) break;
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}
