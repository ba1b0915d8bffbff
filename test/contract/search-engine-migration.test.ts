import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { ElasticsearchTransport } from '../../src/search-engine/elasticsearch-engine.js';
import { engineFailureError } from '../../src/search-engine/engine-failure.js';
import type { EngineRequest, EngineResponse, EngineTransport } from '../../src/search-engine/engine-transport.js';
import { ensureIndex } from '../../src/search-engine/ensure-index.js';
import { OpenSearchTransport } from '../../src/search-engine/opensearch-engine.js';
import {
  SearchEngineUnavailableError,
  VersionConflictError,
  type EngineKind,
  type IndexSpec,
  type SearchEngine,
} from '../../src/search-engine/search-engine.js';
import { deferred } from '../support/deferred.js';
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
/** Each test: a hang fails it instead of the run. */
const bounded = { timeout: 120_000 };

/** A one-shard index spec (sequence numbers in one series); version 2 adds a mapped field. */
function migratingSpec(alias: string, version: number): IndexSpec {
  return itemSpec(alias, version, version > 1 ? { title: { type: 'text' } } : {});
}

async function aliasTargets(alias: string): Promise<string[]> {
  const { status, body } = await cluster<Record<string, unknown>>(`/_alias/${alias}`);
  return status === 404 ? [] : Object.keys(body).sort();
}

async function indicesUnder(prefix: string): Promise<string[]> {
  const { body } = await cluster<Record<string, unknown>>(`/${prefix}*/_alias?expand_wildcards=all`);
  return Object.keys(body).sort();
}

async function writeBlocked(index: string): Promise<boolean> {
  const { body } = await cluster<Record<string, { settings: Record<string, string> }>>(`/${index}/_settings/index.blocks.write?flat_settings=true`);
  return body[index]?.settings['index.blocks.write'] === 'true';
}

/** Every document behind `alias`, by id. */
async function contents(engine: SearchEngine, alias: string): Promise<Map<string, Item>> {
  await engine.refresh(alias);
  const { hits } = await engine.search<Item>(alias, { size: 10_000, query: { match_all: {} } });
  return new Map(hits.map((hit) => [hit.id, hit.source]));
}

/** A transport of the given client library on the test node, for driving `ensureIndex` directly. */
async function rawTransport(kind: EngineKind): Promise<{ transport: EngineTransport; close(): Promise<void> }> {
  if (kind === 'opensearch') {
    const transport = new OpenSearchTransport({ nodes: [TEST_OPENSEARCH_URL], requestTimeoutMs: 30_000 });
    return { transport, close: () => transport.close() };
  }
  const proxy = await startElasticsearchCompatProxy(TEST_OPENSEARCH_URL);
  const transport = new ElasticsearchTransport({ nodes: [proxy.url], requestTimeoutMs: 30_000 });
  return {
    transport,
    close: async () => {
      await transport.close();
      await proxy.close();
    },
  };
}

/**
 * Runs `run` once, for the first request `when` matches: before it is sent (`before: true`), or
 * after its answer came, before the caller sees it (`when` gets the answer then).
 */
interface Hook {
  before?: boolean;
  when(request: EngineRequest, response?: EngineResponse<unknown>): boolean;
  run(): Promise<void>;
}

/** `inner` with hooks: the migration stops at the hooked step until the hook has run. */
function hooked(inner: EngineTransport, hooks: Hook[]): EngineTransport {
  const pending = [...hooks];
  const runMatching = async (before: boolean, request: EngineRequest, response?: EngineResponse<unknown>) => {
    for (const hook of [...pending]) {
      if ((hook.before === true) !== before || !hook.when(request, response)) continue;
      pending.splice(pending.indexOf(hook), 1);
      await hook.run();
    }
  };
  return {
    client: inner.client,
    close: () => inner.close(),
    async request<T>(request: EngineRequest): Promise<EngineResponse<T>> {
      await runMatching(true, request);
      const response = await inner.request<T>(request);
      await runMatching(false, request, response);
      return response;
    },
  };
}

/** The migration's first copy has finished (its task reported completed). */
const firstCopyDone = (request: EngineRequest, response?: EngineResponse<unknown>) =>
  request.path.startsWith('/_tasks/') && (response?.body as { completed?: boolean } | undefined)?.completed === true;
/** The request write-blocking the old index (before it is sent: the last writes the old index takes; after: refused writes). */
const blocked = (request: EngineRequest) => request.method === 'PUT' && request.path.endsWith('/_block/write');
/** The alias has just been moved (the compare-and-set `_aliases` call). */
const aliasMoved = (request: EngineRequest) => request.path === '/_aliases' && JSON.stringify(request.body).includes('"must_exist":true');

/**
 * A writer through the alias that remembers what its acknowledged writes say: per id the document
 * it last wrote, or null for one it deleted. Read-modify-writes are conditional on the version
 * read, as the archive's merges are, and redone on a version conflict.
 */
class ModelWriter {
  readonly expected = new Map<string, Item | null>();

  constructor(
    private readonly engine: SearchEngine,
    private readonly alias: string,
  ) {}

  async bump(id: string, tag: string): Promise<void> {
    for (;;) {
      const current = await this.engine.get<Item>(this.alias, id);
      const next = { n: (current?.source.n ?? 0) + 1, tag };
      try {
        await this.engine.put(this.alias, id, next, current === null ? { create: true } : { ifVersion: current.version });
        this.expected.set(id, next);
        return;
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
  }

  async remove(id: string): Promise<void> {
    await this.engine.delete(this.alias, id);
    this.expected.set(id, null);
  }

  /** `seed` with this writer's writes applied. */
  apply(seed: ReadonlyMap<string, Item>): Map<string, Item> {
    const state = new Map(seed);
    for (const [id, item] of this.expected) {
      if (item === null) state.delete(id);
      else state.set(id, item);
    }
    return state;
  }
}

/**
 * Writes through the alias until `done` settles, then `after` writes more: every third operation a
 * delete, the others read-modify-writes (re-creating deleted documents). A write refused by the
 * migration's block waits for `moved` (or the end of the migration) and is retried; refused once
 * the migration has ended, it fails. Resolves to how many writes were acknowledged.
 */
async function keepWriting(writer: ModelWriter, ids: readonly string[], done: Promise<unknown>, moved: Promise<unknown>, after = 20): Promise<number> {
  let settled = false;
  const ended = done.then(() => (settled = true), () => (settled = true));
  let acknowledged = 0;
  let remaining = after;
  for (let i = 0; !settled || remaining-- > 0; i++) {
    const id = ids[i % ids.length] ?? 'x';
    for (;;) {
      try {
        if (i % 3 === 2) await writer.remove(id);
        else await writer.bump(id, `loop-${i}`);
        acknowledged += 1;
        break;
      } catch (error) {
        if (!(error instanceof SearchEngineUnavailableError) || settled) throw error;
        await Promise.race([moved, ended]);
      }
    }
  }
  return acknowledged;
}

function sorted(state: ReadonlyMap<string, Item>): Array<[string, Item]> {
  return [...state].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

async function seed(engine: SearchEngine, alias: string, count: number): Promise<Map<string, Item>> {
  const docs = Array.from({ length: count }, (_, i) => [`d${String(i).padStart(3, '0')}`, { n: 0, tag: 'seed' }] as [string, Item]);
  const results = await engine.bulk(docs.map(([id, doc]) => ({ op: 'index' as const, index: alias, id, doc: { ...doc } })), { refresh: true });
  assert.ok(results.every((r) => r.ok));
  return new Map(docs);
}

for (const kind of ['opensearch', 'elasticsearch'] as const satisfies readonly EngineKind[]) {
  describe(`search index migration on the ${kind} client`, available, () => {
    const prefix = uniqueIndexPrefix(`migrate-${kind.slice(0, 2)}`);
    let engine: SearchEngine;
    let close: () => Promise<void>;
    let aliasCount = 0;
    /** A fresh alias under the suite's prefix, ensured at version 1. */
    async function freshAlias(): Promise<string> {
      aliasCount += 1;
      const alias = `${prefix}-items${aliasCount}`;
      await engine.ensureIndex(migratingSpec(alias, 1));
      return alias;
    }

    before(async () => {
      ({ engine, close } = await testSearchEngine(kind, prefix));
    });
    after(async () => {
      await close();
      assert.deepEqual(await indicesUnder(prefix), [], 'the suite leaves no index behind');
    });

    it('carries every update and delete made during the migration into the new index: none lost, none resurrected', bounded, async () => {
      const alias = await freshAlias();
      const seeded = await seed(engine, alias, 200);
      const ids = [...seeded.keys()];
      const writer = new ModelWriter(engine, alias);
      const moved = deferred();
      const { transport, close: closeTransport } = await rawTransport(kind);
      const migrator = hooked(transport, [
        {
          // Old-release workers write to the old index after the first copy: the writes the create-only catch-up lost.
          when: firstCopyDone,
          run: async () => {
            for (const id of ids.slice(0, 20)) await writer.bump(id, 'after-first-copy');
            for (const id of ids.slice(20, 40)) await writer.remove(id);
            for (let i = 0; i < 10; i++) await writer.bump(`new-${i}`, 'created-after-first-copy');
          },
        },
        {
          // The last writes the old index takes, after every catch-up round before the block.
          before: true,
          when: blocked,
          run: async () => {
            for (const id of ids.slice(40, 50)) await writer.bump(id, 'just-before-block');
            for (const id of ids.slice(50, 60)) await writer.remove(id);
            for (const id of ids.slice(0, 5)) await writer.remove(id);
            for (let i = 0; i < 5; i++) await writer.bump(`late-${i}`, 'created-just-before-block');
          },
        },
        { when: aliasMoved, run: async () => moved.resolve() },
      ]);
      try {
        const migration = ensureIndex(migrator, migratingSpec(alias, 2), silent);
        const [writes] = await Promise.all([keepWriting(writer, ids.slice(80), migration, moved.promise), migration]);
        assert.ok(writes > 20);
        // After the move: merges of messages copied over, and deletes, reach the new index.
        for (const id of ids.slice(60, 70)) await writer.bump(id, 'after-move');
        for (const id of ids.slice(70, 80)) await writer.remove(id);
      } finally {
        await closeTransport();
      }
      assert.deepEqual(await aliasTargets(alias), [`${alias}-v2`]);
      assert.deepEqual(sorted(await contents(engine, alias)), sorted(writer.apply(seeded)));
      assert.equal(await engine.get(alias, ids[20] ?? ''), null, 'a document deleted from the old index after the first copy stays deleted');
      assert.equal(await engine.get(alias, ids[0] ?? ''), null, 'a document deleted just before the block stays deleted');
      assert.deepEqual((await engine.get<Item>(alias, ids[10] ?? ''))?.source, { n: 1, tag: 'after-first-copy' });
      assert.deepEqual((await engine.get<Item>(alias, ids[40] ?? ''))?.source, { n: 1, tag: 'just-before-block' });
      assert.ok(await writeBlocked(`${alias}-v1`), 'the old index is kept, write-blocked, for rollback');
    });

    it('makes a write conditional on a version read from the old index fail after the move instead of overwriting a newer state', bounded, async () => {
      const alias = await freshAlias();
      for (const id of ['a', 'b', 'x']) await engine.put(alias, id, { n: 0, tag: 'seed' });
      let staleRead: { n: number; seqNo: number; primaryTerm: number } | undefined;
      const { transport, close: closeTransport } = await rawTransport(kind);
      const migrator = hooked(transport, [{
        when: firstCopyDone,
        run: async () => {
          await engine.put(alias, 'x', { n: 1, tag: 'c' });
          const read = await engine.get<Item>(alias, 'x');
          assert.ok(read !== null);
          staleRead = { n: read.source.n, ...read.version };
          await engine.put(alias, 'x', { n: 2, tag: 'b' });
        },
      }]);
      try {
        await ensureIndex(migrator, migratingSpec(alias, 2), silent);
      } finally {
        await closeTransport();
      }
      assert.ok(staleRead !== undefined);
      const copied = await engine.get<Item>(alias, 'x');
      // The copy got the same sequence number the stale read had; only the primary term tells them apart.
      assert.equal(copied?.version.seqNo, staleRead.seqNo);
      assert.notEqual(copied?.version.primaryTerm, staleRead.primaryTerm);
      await assert.rejects(
        engine.put(alias, 'x', { n: staleRead.n + 1, tag: 'a' }, { ifVersion: { seqNo: staleRead.seqNo, primaryTerm: staleRead.primaryTerm } }),
        VersionConflictError,
      );
      assert.deepEqual((await engine.get<Item>(alias, 'x'))?.source, { n: 2, tag: 'b' });
    });

    it('refuses writes while the old index is blocked as SearchEngineUnavailableError, and takes them once the alias has moved', bounded, async () => {
      const alias = await freshAlias();
      const seeded = await seed(engine, alias, 10);
      let triedWhileBlocked = false;
      const { transport, close: closeTransport } = await rawTransport(kind);
      const migrator = hooked(transport, [{
        when: blocked,
        run: async () => {
          triedWhileBlocked = true;
          await assert.rejects(engine.put(alias, 'd000', { n: 5, tag: 'blocked' }), SearchEngineUnavailableError);
          await assert.rejects(engine.put(alias, 'fresh', { n: 5, tag: 'blocked' }, { create: true }), SearchEngineUnavailableError);
          await assert.rejects(engine.delete(alias, 'd001'), SearchEngineUnavailableError);
          await assert.rejects(engine.deleteByQuery(alias, { term: { tag: 'seed' } }), SearchEngineUnavailableError);
          const items = await engine.bulk([
            { op: 'index', index: alias, id: 'd002', doc: { n: 5, tag: 'blocked' } },
            { op: 'update', index: alias, id: 'd003', doc: { n: 5 } },
            { op: 'delete', index: alias, id: 'd004' },
          ]);
          for (const item of items) {
            assert.ok(!item.ok);
            assert.deepEqual([item.status, item.type], [403, 'cluster_block_exception']);
            assert.ok(engineFailureError(item.status, item.type, item.reason) instanceof SearchEngineUnavailableError);
          }
        },
      }]);
      try {
        await ensureIndex(migrator, migratingSpec(alias, 2), silent);
      } finally {
        await closeTransport();
      }
      assert.ok(triedWhileBlocked);
      assert.deepEqual(sorted(await contents(engine, alias)), sorted(seeded), 'no refused write reached either index');
      await engine.put(alias, 'd000', { n: 5, tag: 'after' });
      await engine.put(alias, 'fresh', { n: 5, tag: 'after' }, { create: true });
      assert.equal(await engine.delete(alias, 'd001'), true);
      const items = await engine.bulk([
        { op: 'index', index: alias, id: 'd002', doc: { n: 5, tag: 'after' } },
        { op: 'update', index: alias, id: 'd003', doc: { n: 5 } },
        { op: 'delete', index: alias, id: 'd004' },
      ]);
      assert.ok(items.every((item) => item.ok));
      const state = await contents(engine, alias);
      assert.deepEqual(
        ['d000', 'fresh', 'd001', 'd002', 'd003', 'd004'].map((id) => state.get(id) ?? null),
        [{ n: 5, tag: 'after' }, { n: 5, tag: 'after' }, null, { n: 5, tag: 'after' }, { n: 5, tag: 'seed' }, null],
      );
      assert.deepEqual(await aliasTargets(alias), [`${alias}-v2`]);
    });

    it('lets three engines ensure the new version at once while a writer writes: one new index, equal to what was written', bounded, async () => {
      const alias = await freshAlias();
      const seeded = await seed(engine, alias, 300);
      const engines = await Promise.all([0, 1, 2].map(() => testSearchEngine(kind, prefix)));
      const writer = new ModelWriter(engine, alias);
      try {
        const spec = migratingSpec(alias, 2);
        const migrations = Promise.all(engines.map((e) => e.engine.ensureIndex(spec)));
        const [writes] = await Promise.all([keepWriting(writer, [...seeded.keys()], migrations, migrations), migrations]);
        assert.ok(writes > 20);
        // Ensured again later (a restart): nothing changes.
        await Promise.all(engines.map((e) => e.engine.ensureIndex(spec)));
        assert.deepEqual(await aliasTargets(alias), [`${alias}-v2`]);
        assert.deepEqual(await indicesUnder(`${alias}-v`), [`${alias}-v1`, `${alias}-v2`], 'no copy of a process that lost the race is left');
        assert.deepEqual(sorted(await contents(engine, alias)), sorted(writer.apply(seeded)));
        assert.ok(await writeBlocked(`${alias}-v1`));
      } finally {
        for (const e of engines) await e.close();
      }
    });

    it('takes over a migration that stopped making progress into a fresh index, which the stalled one cannot touch when it resumes', bounded, async () => {
      const alias = await freshAlias();
      const seeded = await seed(engine, alias, 50);
      const ids = [...seeded.keys()];
      const writer = new ModelWriter(engine, alias);
      const stalled = deferred();
      const resume = deferred();
      const first = await rawTransport(kind);
      const second = await rawTransport(kind);
      let stalledMigration: Promise<void> | undefined;
      try {
        // The first process copies once, then stops (a long pause, or a crash with its task orphaned).
        stalledMigration = ensureIndex(hooked(first.transport, [{
          when: firstCopyDone,
          run: async () => {
            stalled.resolve();
            await resume.promise;
          },
        }]), migratingSpec(alias, 2), silent);
        await stalled.promise;
        for (const id of ids.slice(0, 10)) await writer.bump(id, 'while-stalled');
        for (const id of ids.slice(10, 20)) await writer.remove(id);
        // A second process waits, sees no progress and takes over.
        await ensureIndex(second.transport, migratingSpec(alias, 2), silent, { pollMs: 25, abandonedAfterMs: 300 });
        for (const id of ids.slice(20, 30)) await writer.bump(id, 'after-takeover');
        for (const id of ids.slice(30, 40)) await writer.remove(id);
        for (const id of ids.slice(0, 5)) await writer.remove(id);
        // The first process resumes: it finishes its own copy, loses the alias move, deletes its copy.
        resume.resolve();
        await stalledMigration;
      } finally {
        resume.resolve();
        await stalledMigration?.catch(() => undefined);
        await first.close();
        await second.close();
      }
      assert.deepEqual(sorted(await contents(engine, alias)), sorted(writer.apply(seeded)), 'the resumed process changed nothing the alias serves');
      assert.deepEqual(await aliasTargets(alias), [`${alias}-v2-r1`]);
      assert.deepEqual(await indicesUnder(`${alias}-v`), [`${alias}-v1`, `${alias}-v2-r1`], 'the resumed process deleted its own copy');
      // A restart of either finds the alias current.
      await engine.ensureIndex(migratingSpec(alias, 2));
      assert.deepEqual(await aliasTargets(alias), [`${alias}-v2-r1`]);
    });
  });
}
