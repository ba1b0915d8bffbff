import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeBlob } from '../../src/archive/fs-blob-store-format.js';
import { isHeld, syntheticMessage } from './synthetic-message.js';

/** Files written at once. */
const CONCURRENCY = 32;

/**
 * Writes real blob files (the fs blob store's format and layout, gzip, unencrypted) for `blobs`
 * messages spread evenly over the archive, so the sweep's blob removals unlink real files. Setup,
 * not measured: written without the store's per-file fsyncs. Returns the number written.
 */
export async function writeBlobSample(root: string, messages: number, held: number, blobs: number): Promise<number> {
  if (blobs === 0) return 0;
  const step = Math.max(1, Math.floor(messages / blobs));
  // Offset within each step by k mod step, so the sample mixes held and unheld messages (the held
  // ones are every n-th message, which a plain k * step would hit every time).
  const indices = Array.from({ length: Math.min(blobs, Math.ceil(messages / step)) }, (_, k) => Math.min(messages - 1, k * step + (k % step)));
  let next = 0;
  const worker = async () => {
    while (next < indices.length) {
      const i = indices[next++] as number;
      const { raw, document } = syntheticMessage(i, isHeld(i, messages, held));
      const dir = join(root, document.id.slice(0, 2), document.id.slice(2, 4));
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(join(dir, document.id), await encodeBlob(document.id, raw, { compression: 'gzip', encryptionKey: null }), { mode: 0o600 });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return indices.length;
}
