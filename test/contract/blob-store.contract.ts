import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { BlobIntegrityError, BlobNotFoundError, type BlobStore } from '../../src/archive/blob-store.js';

/** What an adapter's test hands the contract: a fresh, empty store and ways to damage and remove it. */
export interface BlobStoreFixture {
  store: BlobStore;
  /** Damages the stored form of `id` (flips a bit) the way bit rot or tampering would. */
  corrupt(id: string): Promise<void>;
  /** Removes everything the store created. */
  cleanup(): Promise<void>;
}

function idOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The behaviour every `BlobStore` adapter must have. Each run gets its own store from `makeStore`
 * and cleans it up, so suites never share state.
 */
export function describeBlobStoreContract(name: string, makeStore: () => Promise<BlobStoreFixture>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let fixture: BlobStoreFixture;
    before(async () => {
      fixture = await makeStore();
    });
    after(async () => {
      await fixture.cleanup();
    });

    const samples: [string, Buffer][] = [
      ['empty bytes', Buffer.alloc(0)],
      ['a single byte', Buffer.from([0x42])],
      ['1 MiB of repetitive mail text', Buffer.from('Subject: hello\r\n\r\n' + 'Lorem ipsum dolor sit amet. '.repeat(40_000)).subarray(0, 1024 * 1024)],
      ['random binary bytes', randomBytes(64 * 1024)],
      ['every byte value', Buffer.from(Array.from({ length: 256 }, (_, i) => i))],
    ];
    for (const [label, bytes] of samples) {
      it(`returns exactly the stored bytes for ${label}`, async () => {
        const id = idOf(bytes);
        await fixture.store.put(id, bytes);
        assert.deepEqual(await fixture.store.get(id), bytes);
      });
    }

    it('treats a second put of the same id as a no-op', async () => {
      const bytes = Buffer.from('the same message, journaled twice');
      const id = idOf(bytes);
      await fixture.store.put(id, bytes);
      await fixture.store.put(id, bytes);
      await Promise.all([fixture.store.put(id, bytes), fixture.store.put(id, bytes)]);
      assert.deepEqual(await fixture.store.get(id), bytes);
    });

    it('rejects bytes that are not the content of the id and stores nothing', async () => {
      const bytes = Buffer.from('honest bytes');
      const wrongId = idOf(Buffer.from('other bytes'));
      await assert.rejects(fixture.store.put(wrongId, bytes));
      await assert.rejects(fixture.store.get(wrongId), BlobNotFoundError);
    });

    it('reports a missing blob with BlobNotFoundError', async () => {
      const id = idOf(Buffer.from('never stored'));
      await assert.rejects(fixture.store.get(id), BlobNotFoundError);
    });

    it('deletes a blob so that it is no longer found, and treats deleting a missing blob as done', async () => {
      const bytes = Buffer.from('Subject: expired\r\n\r\nseven years later');
      const id = idOf(bytes);
      await fixture.store.put(id, bytes);
      await fixture.store.delete(id);
      await assert.rejects(fixture.store.get(id), BlobNotFoundError);
      await fixture.store.delete(id);
      await fixture.store.delete(idOf(Buffer.from('never stored anywhere')));
      await fixture.store.put(id, bytes);
      assert.deepEqual(await fixture.store.get(id), bytes);
    });

    it('reports a corrupted blob with BlobIntegrityError instead of serving it', async () => {
      const bytes = Buffer.from('Subject: evidence\r\n\r\n' + 'the original words '.repeat(500));
      const id = idOf(bytes);
      await fixture.store.put(id, bytes);
      await fixture.corrupt(id);
      await assert.rejects(fixture.store.get(id), BlobIntegrityError);
    });
  });
}
