import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../../test/support/temp-dir.js';
import { WalSync } from './wal-sync.js';

describe('WalSync', () => {
  it('shares one fsync among concurrent callers and resolves them all', async () => {
    const dir = tempDir('wal-sync');
    const file = join(dir.path, 'db-wal');
    writeFileSync(file, 'frames');
    const wal = new WalSync(file);
    await Promise.all(Array.from({ length: 10 }, () => wal.sync()));
    assert.equal(wal.failed, null);
    await wal.close();
    dir.remove();
  });

  it('refuses every later sync once one has failed, even when the file is fine again', async () => {
    const dir = tempDir('wal-sync');
    const file = join(dir.path, 'db-wal');
    const wal = new WalSync(file);
    await assert.rejects(wal.sync(), /refusing to promise durability/);
    writeFileSync(file, 'frames');
    await assert.rejects(wal.sync(), /refusing to promise durability/);
    assert.ok(wal.failed);
    await wal.close();
    dir.remove();
  });
});
