import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { tempDir } from '../../test/support/temp-dir.js';
import { testEnvelope } from '../../test/support/test-envelope.js';
import { DependencyUnavailableError } from '../queue/errors.js';
import { FsSpool } from './fs-spool.js';

describe('the shared-filesystem spool', () => {
  let dir: ReturnType<typeof tempDir>;
  let enqueued: string[];
  beforeEach(() => {
    dir = tempDir('fs-spool');
    enqueued = [];
  });
  afterEach(() => dir.remove());

  const spoolFiles = () => readdirSync(dir.path).filter((name) => name.endsWith('.msg'));

  it('keeps the bytes and the envelope exactly, and enqueues the job under the spool id', async () => {
    const spool = new FsSpool({ root: dir.path, enqueue: async (id) => void enqueued.push(id) });
    const raw = Buffer.from('Subject: x\r\n\r\nbody with a bare \n and a \u00ff byte', 'latin1');
    const envelope = testEnvelope('2026-11-27T10:00:00.000Z', { rcptTo: ['a@archive.example', 'b@archive.example'] });
    const id = await spool.accept(raw, envelope);
    assert.deepEqual(enqueued, [id]);
    const read = await spool.read(id);
    assert.ok(read);
    assert.deepEqual(read.envelope, envelope);
    assert.ok(read.raw.equals(raw));
    assert.equal(await spool.size(), 1);
  });

  it('refuses a message it cannot enqueue and leaves no file that would be archived as a second copy', async () => {
    const spool = new FsSpool({ root: dir.path, enqueue: async () => { throw new Error('Redis is down'); } });
    await assert.rejects(spool.accept(Buffer.from('x'), testEnvelope('2026-11-27T10:00:00.000Z')), /Redis is down/);
    assert.deepEqual(spoolFiles(), []);
    assert.deepEqual(readdirSync(join(dir.path, 'tmp')), []);
  });

  it('gives up on an enqueue that hangs, so the client is answered instead of left waiting', async () => {
    const spool = new FsSpool({ root: dir.path, enqueue: () => new Promise(() => undefined), enqueueTimeoutMs: 50 });
    await assert.rejects(spool.accept(Buffer.from('x'), testEnvelope('2026-11-27T10:00:00.000Z')), /longer than 50 ms/);
    assert.deepEqual(spoolFiles(), []);
  });

  it('offers every spooled message to the queue again at recovery, and forgets removed ones', async () => {
    const spool = new FsSpool({ root: dir.path, enqueue: async (id) => void enqueued.push(id) });
    const first = await spool.accept(Buffer.from('1'), testEnvelope('2026-11-27T10:00:00.000Z'));
    const second = await spool.accept(Buffer.from('2'), testEnvelope('2026-11-27T10:00:01.000Z'));
    await spool.remove(first);
    await spool.remove(first);
    enqueued = [];
    assert.equal(await spool.recover(), 1);
    assert.deepEqual(enqueued, [second]);
    assert.equal(await spool.read(first), null);
  });

  it('checks the storage before each write, and before taking a missing file for an archived one', async () => {
    let mounted = true;
    const checkStorage = async () => {
      if (!mounted) throw new DependencyUnavailableError('the shared data directory is not mounted');
    };
    const spool = new FsSpool({ root: dir.path, enqueue: async () => undefined, checkStorage });
    const id = await spool.accept(Buffer.from('x'), testEnvelope('2026-11-27T10:00:00.000Z'));
    await spool.remove(id);
    assert.equal(await spool.read(id), null, 'gone, and the storage is there: archived by an earlier run');
    mounted = false;
    await assert.rejects(spool.read(id), DependencyUnavailableError);
    await assert.rejects(spool.accept(Buffer.from('y'), testEnvelope('2026-11-27T10:00:01.000Z')), DependencyUnavailableError);
    assert.deepEqual(spoolFiles(), []);
  });

  it('refuses an id that is not a spool id instead of reading outside its directory', async () => {
    const spool = new FsSpool({ root: dir.path, enqueue: async () => undefined });
    await assert.rejects(spool.read('../../etc/passwd'), RangeError);
  });
});
