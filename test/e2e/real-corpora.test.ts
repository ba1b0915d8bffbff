import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { StoredMessage } from '../../src/archive/archive-index.js';
import { CORPORA, loadCorpus } from '../support/corpora.js';
import { startHarness } from '../support/embedded-harness.js';
import { smtpClient, wireForm } from '../support/smtp-client.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const PARALLEL = 8;

describe('real mail from public corpora is accepted, archived byte-exact and retrievable', () => {
  for (const corpus of CORPORA) {
    it(`archives every message of the ${corpus.name} exactly as received`, async (t) => {
      const loaded = loadCorpus(corpus);
      if ('skip' in loaded) return t.skip(loaded.skip);
      const harness = await startHarness();
      try {
        const client = smtpClient({ port: harness.appliance.smtpPort }, { pool: true, maxConnections: PARALLEL });
        const expected = new Map<string, string>();
        let next = 0;
        const sendAll = async () => {
          for (let i = next++; i < loaded.messages.length; i = next++) {
            const message = loaded.messages[i] as (typeof loaded.messages)[number];
            const reply = await client.send(message.bytes, { from: 'journal@example.com', to: ['archive@archive.example'] });
            assert.match(reply, /^250 /, `${message.name} was not accepted: ${reply}`);
            expected.set(sha256(wireForm(message.bytes)), message.name);
          }
        };
        await Promise.all(Array.from({ length: PARALLEL }, sendAll));
        client.close();
        await harness.drained(600_000);

        const queue = (await harness.api<{ dead: number }>('/queue')).body;
        assert.equal(queue.dead, 0, 'no message may end in the dead-letter state');
        for (const [id, name] of expected) {
          const response = await harness.apiRaw(`/messages/${id}/raw`);
          assert.equal(response.status, 200, `${name} is not retrievable by its hash`);
          const raw = Buffer.from(await response.arrayBuffer());
          assert.equal(sha256(raw), id, `${name} came back altered`);
        }
        const sample = [...expected.keys()].slice(0, 50);
        for (const id of sample) {
          const { status, body } = await harness.api<StoredMessage>(`/messages/${id}`);
          assert.equal(status, 200);
          assert.equal(body.document.id, id);
        }
      } finally {
        await harness.stop();
      }
    });
  }
});
