import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BlobIntegrityError } from '../../src/archive/blob-store.js';
import { BlobIdMismatchError, createFsBlobStore, removeAbandonedWrites, type FsBlobStoreOptions } from '../../src/archive/fs-blob-store.js';
import { describeBlobStoreContract } from './blob-store.contract.js';

const KEY = randomBytes(32);

function blobPath(root: string, id: string): string {
  return join(root, id.slice(0, 2), id.slice(2, 4), id);
}

function idOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Flips one bit at `offset` (from the end when negative) of the stored file. */
async function flipBit(path: string, offset: number): Promise<void> {
  const stored = await readFile(path);
  const at = offset < 0 ? stored.length + offset : offset;
  stored[at] = (stored[at] ?? 0) ^ 0x01;
  await writeFile(path, stored);
}

const COMBINATIONS: [string, Omit<FsBlobStoreOptions, 'root'>][] = [
  ['gzip, encrypted', { compression: 'gzip', encryptionKey: KEY }],
  ['gzip, plain', { compression: 'gzip', encryptionKey: null }],
  ['uncompressed, encrypted', { compression: 'none', encryptionKey: KEY }],
  ['uncompressed, plain', { compression: 'none', encryptionKey: null }],
];

for (const [label, options] of COMBINATIONS) {
  describeBlobStoreContract(`filesystem (${label})`, async () => {
    const root = await mkdtemp(join(tmpdir(), 'custodian-blobs-'));
    return {
      store: createFsBlobStore({ root, ...options }),
      // The middle of the file: compressed or ciphertext bytes, never only the header.
      corrupt: async (id) => flipBit(blobPath(root, id), -40),
      cleanup: () => rm(root, { recursive: true, force: true }),
    };
  });
}

describe('filesystem blob store', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'custodian-blobs-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lays blobs out as root/ab/cd/<sha256> and leaves no temporary files', async () => {
    const bytes = Buffer.from('fan-out');
    const id = idOf(bytes);
    await createFsBlobStore({ root, compression: 'gzip', encryptionKey: null }).put(id, bytes);
    assert.deepEqual(await readdir(join(root, id.slice(0, 2), id.slice(2, 4))), [id]);
  });

  it('reports a hash mismatch on put with BlobIdMismatchError', async () => {
    const store = createFsBlobStore({ root, compression: 'none', encryptionKey: null });
    await assert.rejects(store.put(idOf(Buffer.from('a')), Buffer.from('b')), BlobIdMismatchError);
  });

  it('refuses an id that is not 64 lower-case hex characters, so no path can escape the root', async () => {
    const store = createFsBlobStore({ root, compression: 'none', encryptionKey: null });
    await assert.rejects(store.get('../../etc/passwd'), RangeError);
    await assert.rejects(store.get('AB'.repeat(32)), RangeError);
  });

  it('refuses an encryption key that is not 32 bytes', () => {
    assert.throws(() => createFsBlobStore({ root, compression: 'none', encryptionKey: randomBytes(16) }), RangeError);
  });

  it('reads blobs written under earlier settings, because each blob records how it was written', async () => {
    const samples = [Buffer.from('written gzip + encrypted '.repeat(50)), Buffer.from('written plain')];
    await createFsBlobStore({ root, compression: 'gzip', encryptionKey: KEY }).put(idOf(samples[0] as Buffer), samples[0] as Buffer);
    await createFsBlobStore({ root, compression: 'none', encryptionKey: null }).put(idOf(samples[1] as Buffer), samples[1] as Buffer);
    const reader = createFsBlobStore({ root, compression: 'none', encryptionKey: KEY });
    for (const bytes of samples) assert.deepEqual(await reader.get(idOf(bytes)), bytes);
  });

  it('reports an encrypted blob read without a key or with another key as BlobIntegrityError', async () => {
    const bytes = Buffer.from('secret');
    const id = idOf(bytes);
    await createFsBlobStore({ root, compression: 'none', encryptionKey: KEY }).put(id, bytes);
    await assert.rejects(createFsBlobStore({ root, compression: 'none', encryptionKey: null }).get(id), BlobIntegrityError);
    await assert.rejects(createFsBlobStore({ root, compression: 'none', encryptionKey: randomBytes(32) }).get(id), BlobIntegrityError);
  });

  for (const compression of ['gzip', 'none'] as const) {
    it(`detects a flipped bit at every offset of an encrypted blob (${compression})`, async () => {
      const bytes = Buffer.from('Subject: x\r\n\r\n' + 'compressible text '.repeat(8));
      const id = idOf(bytes);
      const dir = await mkdtemp(join(root, 'flip-'));
      const store = createFsBlobStore({ root: dir, compression, encryptionKey: KEY });
      await store.put(id, bytes);
      const path = blobPath(dir, id);
      const pristine = await readFile(path);
      for (let offset = 0; offset < pristine.length; offset++) {
        await writeFile(path, pristine);
        await flipBit(path, offset);
        await assert.rejects(store.get(id), BlobIntegrityError, `bit flip at offset ${offset} went unnoticed`);
      }
    });

    it(`never serves wrong bytes after a flipped bit anywhere in a plain blob (${compression})`, async () => {
      const bytes = Buffer.from('Subject: x\r\n\r\n' + 'compressible text '.repeat(8));
      const id = idOf(bytes);
      const dir = await mkdtemp(join(root, 'flip-'));
      const store = createFsBlobStore({ root: dir, compression, encryptionKey: null });
      await store.put(id, bytes);
      const path = blobPath(dir, id);
      const pristine = await readFile(path);
      for (let offset = 0; offset < pristine.length; offset++) {
        await writeFile(path, pristine);
        await flipBit(path, offset);
        // gzip's own header has fields no decoder reads (mtime, OS); a flip there leaves the content intact.
        const outcome = await store.get(id).then(
          (served) => (served.equals(bytes) ? 'intact' : 'wrong bytes'),
          (error: unknown) => (error instanceof BlobIntegrityError ? 'detected' : String(error)),
        );
        assert.ok(outcome === 'detected' || outcome === 'intact', `offset ${offset}: ${outcome}`);
      }
    });
  }

  it('clears half-written blobs left by a crash, and only those', async () => {
    const dir = await mkdtemp(join(root, 'abandoned-'));
    const store = createFsBlobStore({ root: dir, compression: 'gzip', encryptionKey: null });
    const bytes = Buffer.from('Subject: kept\r\n\r\nkept\r\n');
    await store.put(idOf(bytes), bytes);
    await writeFile(join(dir, 'tmp', 'half-written'), 'partial');
    assert.equal(await removeAbandonedWrites(dir), 1);
    assert.deepEqual(await readdir(join(dir, 'tmp')), []);
    assert.ok((await store.get(idOf(bytes))).equals(bytes));
    assert.equal(await removeAbandonedWrites(join(dir, 'never-used')), 0);
  });
});
