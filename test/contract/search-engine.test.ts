import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { connectSearchEngine } from '../../src/search-engine/connect-search-engine.js';
import {
  SearchEngineRequestError,
  SearchEngineUnavailableError,
  VersionConflictError,
  type EngineKind,
  type SearchEngine,
} from '../../src/search-engine/search-engine.js';
import {
  requireSearchEngine,
  startElasticsearchCompatProxy,
  testSearchEngine,
  TEST_OPENSEARCH_URL,
  uniqueIndexPrefix,
} from '../support/search-engine.js';
import { cluster, itemSpec, type Item } from '../support/search-engine-items.js';

const available = await requireSearchEngine();
const silent = pino({ level: 'silent' });

async function aliasTargets(alias: string): Promise<Record<string, { aliases: Record<string, { is_write_index?: boolean }> }>> {
  const { status, body } = await cluster<Record<string, { aliases: Record<string, { is_write_index?: boolean }> }>>(`/_alias/${alias}`);
  return status === 404 ? {} : body;
}

for (const kind of ['opensearch', 'elasticsearch'] as const satisfies readonly EngineKind[]) {
  describe(`search engine on the ${kind} client`, available, () => {
    const prefix = uniqueIndexPrefix(`engine-${kind.slice(0, 2)}`);
    let engine: SearchEngine;
    let close: () => Promise<void>;
    let aliasCount = 0;
    /** A fresh alias under the suite's prefix, ensured at version 1. */
    async function freshAlias(): Promise<string> {
      aliasCount += 1;
      const alias = `${prefix}-items${aliasCount}`;
      await engine.ensureIndex(itemSpec(alias, 1));
      return alias;
    }

    before(async () => {
      ({ engine, close } = await testSearchEngine(kind, prefix));
    });
    after(async () => {
      await close();
      const { body } = await cluster<Record<string, unknown>>(`/${prefix}*/_alias?expand_wildcards=all`);
      assert.deepEqual(Object.keys(body), [], 'the suite leaves no index behind');
    });

    it('identifies the engine from the root response and names the client it uses', () => {
      assert.equal(engine.info.kind, 'opensearch');
      assert.match(engine.info.version, /^2\.19\.\d+$/);
      assert.equal(engine.info.client, kind);
      assert.ok(engine.info.clusterName.length > 0);
    });

    it('creates the versioned index behind the alias from concurrent starts and changes nothing when ensured again', async () => {
      const alias = `${prefix}-ensure`;
      const spec = itemSpec(alias, 1);
      await Promise.all([engine.ensureIndex(spec), engine.ensureIndex(spec), engine.ensureIndex(spec)]);
      await engine.ensureIndex(spec);
      await engine.ensureIndex(spec);
      assert.deepEqual(await aliasTargets(alias), { [`${alias}-v1`]: { aliases: { [alias]: { is_write_index: true } } } });
      const { body: templates } = await cluster<{ index_templates: Array<{ name: string; index_template: { index_patterns: string[]; version: number } }> }>(
        `/_index_template/${alias}-template`,
      );
      assert.deepEqual(templates.index_templates.map((t) => [t.name, t.index_template.index_patterns, t.index_template.version]), [
        [`${alias}-template`, [`${alias}-v*`], 1],
      ]);
      const { body: mapping } = await cluster<Record<string, { mappings: { properties: Record<string, unknown> } }>>(`/${alias}-v1/_mapping`);
      assert.deepEqual(Object.keys(mapping[`${alias}-v1`]?.mappings.properties ?? {}).sort(), ['n', 'tag']);
    });

    it('reindexes into the new version and moves the alias atomically when the mapping version goes up', async () => {
      const alias = await freshAlias();
      await engine.bulk(Array.from({ length: 30 }, (_, i) => ({ op: 'index' as const, index: alias, id: `doc-${i}`, doc: { n: i, tag: 'old' } })));
      const v2 = itemSpec(alias, 2, { title: { type: 'text' } });
      await Promise.all([engine.ensureIndex(v2), engine.ensureIndex(v2), engine.ensureIndex(v2)]);
      assert.deepEqual(await aliasTargets(alias), { [`${alias}-v2`]: { aliases: { [alias]: { is_write_index: true } } } });
      await engine.refresh(alias);
      assert.equal(await engine.count(alias, { match_all: {} }), 30);
      // The new mapping is in force: a field version 1 refused (dynamic: strict) is accepted now.
      await engine.put(alias, 'doc-new', { n: 99, tag: 'new', title: 'hello world' }, { refresh: 'wait_for' });
      assert.equal(await engine.count(alias, { match: { title: 'hello' } }), 1);
      assert.equal((await cluster(`/${alias}-v1`)).status, 200, 'the old index is kept');
      // An older release ensuring version 1 afterwards (rolling upgrade) leaves the alias alone.
      await engine.ensureIndex(itemSpec(alias, 1));
      assert.deepEqual(Object.keys(await aliasTargets(alias)), [`${alias}-v2`]);
    });

    it('reads its own writes in real time, before any refresh', async () => {
      const alias = await freshAlias();
      const version = await engine.put(alias, 'a', { n: 1, tag: 'x' });
      assert.deepEqual(await engine.get<Item>(alias, 'a'), { id: 'a', source: { n: 1, tag: 'x' }, version });
      assert.equal(await engine.get(alias, 'absent'), null);
      await engine.put(alias, 'b', { n: 2, tag: 'y' });
      const many = await engine.getMany<Item>(alias, ['b', 'absent', 'a']);
      assert.deepEqual(many.map((doc) => doc?.source.n ?? null), [2, null, 1]);
      assert.deepEqual(await engine.getMany(alias, []), []);
    });

    it('refuses a create-only write over an existing document with a VersionConflictError', async () => {
      const alias = await freshAlias();
      await engine.put(alias, 'a', { n: 1, tag: 'x' }, { create: true });
      await assert.rejects(engine.put(alias, 'a', { n: 2, tag: 'x' }, { create: true }), VersionConflictError);
      assert.equal((await engine.get<Item>(alias, 'a'))?.source.n, 1);
    });

    it('refuses a write whose expected version is stale with a VersionConflictError', async () => {
      const alias = await freshAlias();
      const first = await engine.put(alias, 'a', { n: 1, tag: 'x' });
      const second = await engine.put(alias, 'a', { n: 2, tag: 'x' }, { ifVersion: first });
      assert.ok(second.seqNo > first.seqNo);
      await assert.rejects(engine.put(alias, 'a', { n: 3, tag: 'x' }, { ifVersion: first }), VersionConflictError);
      assert.equal((await engine.get<Item>(alias, 'a'))?.source.n, 2);
    });

    it('reports a failing bulk item in its place and applies the others', async () => {
      const alias = await freshAlias();
      await engine.put(alias, 'taken', { n: 0, tag: 'x' });
      const results = await engine.bulk([
        { op: 'index', index: alias, id: 'one', doc: { n: 1, tag: 'x' } },
        { op: 'index', index: alias, id: 'taken', doc: { n: 2, tag: 'x' }, create: true },
        { op: 'update', index: alias, id: 'three', doc: { n: 3, tag: 'x' }, upsert: { n: 3, tag: 'x' } },
        { op: 'delete', index: alias, id: 'one' },
      ], { refresh: 'wait_for' });
      assert.deepEqual(results.map((r) => [r.id, r.ok]), [['one', true], ['taken', false], ['three', true], ['one', true]]);
      const failed = results[1];
      assert.ok(failed !== undefined && !failed.ok);
      assert.equal(failed.status, 409);
      assert.equal(failed.type, 'version_conflict_engine_exception');
      assert.deepEqual((await engine.getMany<Item>(alias, ['one', 'taken', 'three'])).map((d) => d?.source.n ?? null), [null, 0, 3]);
      assert.deepEqual(await engine.bulk([]), []);
    });

    it('pages through sorted hits with search_after, with exact totals and aggregations', async () => {
      const alias = await freshAlias();
      await engine.bulk(
        Array.from({ length: 25 }, (_, i) => ({ op: 'index' as const, index: alias, id: `doc-${String(i).padStart(2, '0')}`, doc: { n: i % 5, tag: i % 2 === 0 ? 'even' : 'odd' } })),
        { refresh: 'wait_for' },
      );
      const seen: string[] = [];
      let searchAfter: unknown[] | undefined;
      for (let page = 0; page < 4; page += 1) {
        const response = await engine.search<Item>(alias, {
          query: { match_all: {} },
          sort: [{ n: 'desc' }, { tag: 'asc' }],
          size: 10,
          ...(searchAfter ? { search_after: searchAfter } : {}),
          aggs: { tags: { terms: { field: 'tag' } } },
        });
        assert.equal(response.total, 25);
        seen.push(...response.hits.map((hit) => hit.id));
        const last = response.hits.at(-1);
        if (last === undefined) break;
        assert.equal(last.sort.length, 2);
        searchAfter = last.sort;
        const buckets = (response.aggregations.tags as { buckets: Array<{ key: string; doc_count: number }> }).buckets;
        assert.deepEqual(buckets.map((b) => [b.key, b.doc_count]), [['even', 13], ['odd', 12]]);
      }
      assert.equal(seen.length, 25);
      assert.equal(new Set(seen).size, 25);
      const firstPage = await engine.search<Item>(alias, { query: { term: { n: 4 } }, size: 1 });
      assert.equal(firstPage.total, 5, 'totals are exact, not capped by size');
      assert.deepEqual(firstPage.hits[0]?.sort, [], 'hits of an unsorted search have no sort values');
    });

    it('counts matches, deletes by query and tells whether a deleted document existed', async () => {
      const alias = await freshAlias();
      await engine.bulk(
        Array.from({ length: 12 }, (_, i) => ({ op: 'index' as const, index: alias, id: `doc-${i}`, doc: { n: i, tag: i < 4 ? 'purge' : 'keep' } })),
        { refresh: 'wait_for' },
      );
      assert.equal(await engine.count(alias, { term: { tag: 'purge' } }), 4);
      assert.equal(await engine.deleteByQuery(alias, { term: { tag: 'purge' } }, { refresh: true }), 4);
      assert.equal(await engine.count(alias, { match_all: {} }), 8);
      assert.equal(await engine.delete(alias, 'doc-5', { refresh: 'wait_for' }), true);
      assert.equal(await engine.delete(alias, 'doc-5'), false);
      assert.equal(await engine.count(alias, { match_all: {} }), 7);
    });

    it('deletes the indices and templates under a prefix and nothing else', async () => {
      const doomed = `${prefix}-doomed`;
      await engine.ensureIndex(itemSpec(`${doomed}-a`, 1));
      await engine.ensureIndex(itemSpec(`${doomed}-b`, 1));
      const keeper = await freshAlias();
      await engine.deleteIndices(doomed);
      const { body } = await cluster<Record<string, unknown>>(`/${prefix}*/_alias`);
      assert.ok(!Object.keys(body).some((index) => index.startsWith(doomed)));
      assert.ok(Object.keys(body).includes(`${keeper}-v1`));
      const { body: templates } = await cluster<{ index_templates: unknown[] }>(`/_index_template/${doomed}*`);
      assert.deepEqual(templates.index_templates, []);
      await assert.rejects(engine.deleteIndices(''), /refusing/);
    });

    it('answers healthy for a yellow or green cluster', async () => {
      assert.equal(await engine.healthy(5_000), true);
    });

    it('fails with a SearchEngineUnavailableError naming the node when none answers', async () => {
      const node = 'http://127.0.0.1:1';
      await assert.rejects(
        connectSearchEngine({ nodes: [node], client: kind, indexPrefix: prefix, requestTimeoutMs: 2_000 }, { logger: silent }),
        (error: unknown) => error instanceof SearchEngineUnavailableError && error.message.includes(node),
      );
    });

    it('turns a node lost after connecting into SearchEngineUnavailableError and an unhealthy answer', async () => {
      const proxy = await startElasticsearchCompatProxy(TEST_OPENSEARCH_URL);
      const lost = await connectSearchEngine({ nodes: [proxy.url], client: kind, indexPrefix: prefix, requestTimeoutMs: 2_000 }, { logger: silent });
      try {
        await proxy.close();
        await assert.rejects(lost.get(`${prefix}-anything`, 'a'), SearchEngineUnavailableError);
        assert.equal(await lost.healthy(500), false);
      } finally {
        await lost.close();
      }
    });
  });
}

/** A stand-in node answering `GET /` with `status` and `root`, recording the request headers it got. */
async function fakeNode(status: number, root: unknown): Promise<{ url: string; headers: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const headers: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    headers.push(req.headers);
    res.writeHead(status, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
    res.end(JSON.stringify(root));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    headers,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A logger whose JSON lines land in `lines`. */
function capturingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

describe('connecting to the search engine', () => {
  it('names the setting and the file when a secret file cannot be read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'custodian-engine-'));
    try {
      const missing = join(dir, 'no-such-password');
      await assert.rejects(
        connectSearchEngine(
          { nodes: ['http://127.0.0.1:1'], client: 'auto', username: 'custodian', passwordFile: missing, indexPrefix: 'x', requestTimeoutMs: 1_000 },
          { logger: silent },
        ),
        (error: unknown) => error instanceof Error && error.message.includes('cluster.search.passwordFile') && error.message.includes(missing),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('picks the client matching the engine the root response names, and logs it once', async () => {
    const cases = [
      { root: { cluster_name: 'os', version: { distribution: 'opensearch', number: '2.19.1' } }, kind: 'opensearch' },
      { root: { cluster_name: 'es', version: { number: '8.15.2', build_flavor: 'default' } }, kind: 'elasticsearch' },
    ] as const;
    for (const { root, kind } of cases) {
      const node = await fakeNode(200, root);
      const { logger, lines } = capturingLogger();
      try {
        const engine = await connectSearchEngine({ nodes: [node.url], client: 'auto', indexPrefix: 'x', requestTimeoutMs: 2_000 }, { logger });
        await engine.close();
        assert.deepEqual(engine.info, { kind, version: root.version.number, clusterName: root.cluster_name, client: kind });
        assert.deepEqual(
          lines.map((line) => [line.level, line.msg, line.engine, line.version, line.cluster, line.client]),
          [[30, 'search engine connected', kind, root.version.number, root.cluster_name, kind]],
        );
      } finally {
        await node.close();
      }
    }
  });

  it('sends basic auth with the password from its file, without the trailing newline', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'custodian-engine-'));
    const node = await fakeNode(200, { cluster_name: 'os', version: { distribution: 'opensearch', number: '2.19.1' } });
    try {
      const passwordFile = join(dir, 'password');
      await writeFile(passwordFile, 's3cret\n');
      const engine = await connectSearchEngine(
        { nodes: [node.url], client: 'auto', username: 'custodian', passwordFile, indexPrefix: 'x', requestTimeoutMs: 2_000 },
        { logger: silent },
      );
      await engine.close();
      assert.equal(node.headers[0]?.authorization, `Basic ${Buffer.from('custodian:s3cret').toString('base64')}`);
    } finally {
      await node.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports refused credentials as a request error, not as an engine to wait for', async () => {
    const node = await fakeNode(401, { error: { type: 'security_exception', reason: 'missing authentication credentials' }, status: 401 });
    try {
      await assert.rejects(
        connectSearchEngine({ nodes: [node.url], client: 'auto', indexPrefix: 'x', requestTimeoutMs: 2_000 }, { logger: silent }),
        (error: unknown) => error instanceof SearchEngineRequestError && error.status === 401 && error.message.includes(node.url),
      );
    } finally {
      await node.close();
    }
  });
});
