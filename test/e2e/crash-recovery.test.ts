import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SearchResult } from '../../src/archive/archive-index.js';
import { startApplianceProcess, type ApplianceProcess } from '../support/appliance-process.js';
import { until } from '../support/deferred.js';
import { smtpClient } from '../support/smtp-client.js';
import { tempDir } from '../support/temp-dir.js';

const SENDERS = 4;
const KILL_AFTER_ACKS = 120;

function message(n: number): Buffer {
  return Buffer.from(
    `From: sender${n}@example.com\r\nTo: rcpt${n}@example.org\r\nSubject: crash test ${n}\r\n` +
    `Message-ID: <crash-${n}@test.example>\r\nDate: Tue, 4 Jun 2024 09:00:00 +0000\r\n\r\nBody ${n}\r\n`,
  );
}

async function api<T>(proc: ApplianceProcess, path: string): Promise<T> {
  const response = await fetch(`${proc.apiUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${proc.token}` } });
  return (await response.json()) as T;
}

describe('a message answered 250 survives kill -9', () => {
  it('archives every acknowledged message exactly once after a SIGKILL mid-stream and a restart', async () => {
    const dir = tempDir('crash');
    const first = await startApplianceProcess(dir.path);
    const acknowledged = new Set<number>();
    let next = 0;
    let killed = false;
    const sender = async () => {
      const client = smtpClient({ port: first.smtpPort });
      try {
        while (!killed) {
          const n = next++;
          try {
            const reply = await client.send(message(n), { from: `sender${n}@example.com`, to: [`rcpt${n}@example.org`] });
            if (reply.startsWith('250 ')) acknowledged.add(n);
          } catch {
            return; // the server died under us: this message was not acknowledged
          }
          if (acknowledged.size >= KILL_AFTER_ACKS && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        }
      } finally {
        client.close();
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, sender));
    assert.equal((await first.exited).signal, 'SIGKILL');
    assert.ok(acknowledged.size >= KILL_AFTER_ACKS);

    const second = await startApplianceProcess(dir.path);
    try {
      await until(async () => {
        const counts = await api<{ waiting: number; active: number }>(second, '/queue');
        return counts.waiting === 0 && counts.active === 0;
      }, 60_000, 50);
      for (const n of acknowledged) {
        const result = await api<SearchResult>(second, `/messages?q=${encodeURIComponent(`message-id:crash-${n}@test.example`)}`);
        assert.equal(result.total, 1, `message ${n} was acknowledged and must be archived exactly once`);
      }
      const all = await api<SearchResult>(second, `/messages?q=${encodeURIComponent('subject:"crash test"')}&limit=1`);
      assert.ok(all.total >= acknowledged.size && all.total <= next, 'no message is archived twice or invented');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
      dir.remove();
    }
  });
});
