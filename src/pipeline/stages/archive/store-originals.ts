import { createHash } from 'node:crypto';
import type { BlobStore } from '../../../archive/blob-store.js';

/**
 * The first half of archiving: each original's exact bytes, stored durably under their SHA-256
 * (the archive id) before anything names them. Runs in the worker thread that parsed the message,
 * where the bytes are, so they never travel back to the main thread. Storing an id that exists
 * is a no-op: a retry or a second journal copy writes nothing twice.
 */
export function createStoreStage(deps: { blobs: BlobStore }) {
  return async function store(bytes: Buffer): Promise<string> {
    const id = createHash('sha256').update(bytes).digest('hex');
    await deps.blobs.put(id, bytes);
    return id;
  };
}
