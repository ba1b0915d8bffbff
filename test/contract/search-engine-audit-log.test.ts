import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { auditIndexSpec, type AuditDocument } from '../../src/audit/search-engine/audit-index.js';
import { SearchEngineAuditChain } from '../../src/audit/search-engine/search-engine-audit-chain.js';
import { SearchEngineAuditLog } from '../../src/audit/search-engine/search-engine-audit-log.js';
import { canonicalJson } from '../../src/integrity/canonical-json.js';
import type { SearchEngine } from '../../src/search-engine/search-engine.js';
import { requireSearchEngine, TEST_OPENSEARCH_URL, testSearchEngine, uniqueIndexPrefix } from '../support/search-engine.js';
import { describeAuditLogContract } from './audit-log.contract.js';

const searchEngine = await requireSearchEngine();

/** An engine on a fresh index prefix with the audit index in place. */
async function auditEngine(client: 'opensearch' | 'elasticsearch') {
  const indexPrefix = uniqueIndexPrefix(`audit-${client}`);
  const { engine, close } = await testSearchEngine(client, indexPrefix);
  const spec = auditIndexSpec(indexPrefix);
  await engine.ensureIndex(spec);
  return { engine, indexPrefix, alias: spec.alias, close };
}

const entry = (detail: Record<string, unknown>) => ({ actor: 'olga', action: 'search', source: 'system', detail });

describe('AuditLog and AuditChain on the search engine', { skip: searchEngine.skip }, () => {
  for (const client of ['opensearch', 'elasticsearch'] as const) {
    describeAuditLogContract(`search engine (${client} client)`, async () => {
      const { engine, indexPrefix, alias, close } = await auditEngine(client);
      return {
        // Each "process" is an adapter instance of its own (own head, own queue); the races are
        // the cluster's, so sharing the HTTP client changes nothing about them.
        openLog: async () => new SearchEngineAuditLog({ engine, indexPrefix }),
        chain: new SearchEngineAuditChain({ engine, indexPrefix }),
        tamper: {
          async editDetail(seq, detail) {
            const stored = await engine.get<AuditDocument>(alias, String(seq));
            if (stored === null) throw new Error(`no entry ${seq} to edit`);
            await engine.put(alias, String(seq), { ...stored.source, detail: canonicalJson(detail) });
          },
          async remove(seq) {
            await engine.delete(alias, String(seq));
          },
        },
        cleanup: close,
      };
    });
  }

  describe('search-engine specifics (opensearch client)', () => {
    it('a writer whose head is stale loses the race for the seq and appends after the winner', async () => {
      const { engine, indexPrefix, close } = await auditEngine('opensearch');
      try {
        const lost: number[] = [];
        const api = new SearchEngineAuditLog({ engine, indexPrefix, onConflict: (seq) => lost.push(seq) });
        const cli = new SearchEngineAuditLog({ engine, indexPrefix });
        await api.append(entry({ by: 'api' })); // api now believes seq 1 is the head
        await cli.append(entry({ by: 'cli' })); // takes seq 2
        await api.append(entry({ by: 'api' })); // tries 2, loses, takes 3
        assert.deepEqual(lost, [2]);
        assert.deepEqual((await cli.list({ limit: 10 })).map((r) => [r.seq, r.detail.by]), [[1, 'api'], [2, 'cli'], [3, 'api']]);
        assert.equal((await new SearchEngineAuditChain({ engine, indexPrefix }).verify()).ok, true);
      } finally {
        await close();
      }
    });

    it('a write whose answer was lost, then retried by the client into a 409, is not appended twice', async () => {
      const { engine, indexPrefix, close } = await auditEngine('opensearch');
      try {
        // The first put lands, then fails as the client's own retry of it would: with a conflict.
        let answerLost = false;
        const lossy = new Proxy(engine, {
          get(target, property) {
            if (property === 'put' && !answerLost) {
              return async (...args: Parameters<SearchEngine['put']>) => {
                answerLost = true;
                await target.put(...args);
                return target.put(...args);
              };
            }
            const value: unknown = Reflect.get(target, property);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
        const lost: number[] = [];
        const log = new SearchEngineAuditLog({ engine: lossy, indexPrefix, onConflict: (seq) => lost.push(seq) });
        await log.append(entry({ n: 1 }));
        await log.append(entry({ n: 2 }));
        assert.equal(answerLost, true);
        assert.deepEqual(lost, [], 'recognised as its own write, not a lost race');
        assert.deepEqual((await log.list({ limit: 10 })).map((r) => [r.seq, r.detail.n]), [[1, 1], [2, 2]]);
      } finally {
        await close();
      }
    });

    it('separate OS processes appending at once form one contiguous chain', { timeout: 120_000 }, async (t) => {
      const { engine, indexPrefix, close } = await auditEngine('opensearch');
      try {
        const writers = 4;
        const perWriter = 15;
        const child = new URL('../../src/audit/search-engine/test-support/append-audit-child.js', import.meta.url).pathname;
        const children = Array.from({ length: writers }, (_, w) => {
          const process_ = spawn(process.execPath, [child, TEST_OPENSEARCH_URL, indexPrefix, String(w), String(perWriter)], {
            stdio: ['pipe', 'pipe', 'inherit'],
          });
          // An iterator buffers the lines a child writes before the test asks for them.
          const lines = createInterface({ input: process_.stdout })[Symbol.asyncIterator]();
          return { process: process_, next: async () => String((await lines.next()).value) };
        });
        t.after(() => {
          for (const c of children) if (c.process.exitCode === null) c.process.kill();
        });
        for (const c of children) assert.equal(await c.next(), 'ready');
        for (const c of children) c.process.stdin.write('go\n');
        const done = await Promise.all(children.map(async (c) => {
          const line = await c.next();
          await once(c.process, 'exit');
          return line;
        }));
        const lost = done.reduce((sum, line) => sum + Number(/^done (\d+)$/.exec(line)?.[1] ?? Number.NaN), 0);
        t.diagnostic(`races lost and retried across ${writers} processes: ${lost}`);

        const total = writers * perWriter;
        const records = await new SearchEngineAuditLog({ engine, indexPrefix }).list({ limit: 1000 });
        assert.deepEqual(records.map((r) => r.seq), Array.from({ length: total }, (_, i) => i + 1));
        assert.equal(new Set(records.map((r) => `${r.detail.writer as number}/${r.detail.n as number}`)).size, total);
        const verification = await new SearchEngineAuditChain({ engine, indexPrefix }).verify();
        assert.deepEqual({ ok: verification.ok, checked: verification.checked }, { ok: true, checked: total });
      } finally {
        await close();
      }
    });

    it('refuses a document with a field outside the audit mapping', async () => {
      const { engine, indexPrefix, alias, close } = await auditEngine('opensearch');
      try {
        const log = new SearchEngineAuditLog({ engine, indexPrefix });
        await log.append(entry({ n: 1 }));
        const stored = await engine.get<AuditDocument>(alias, '1');
        await assert.rejects(engine.put(alias, '2', { ...stored?.source, seq: 2, smuggled: 'x' }, { create: true }));
      } finally {
        await close();
      }
    });
  });
});
