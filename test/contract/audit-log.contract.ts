import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { GENESIS_HASH, type ChainedAuditRecord } from '../../src/audit/audit-chain.js';
import type { AuditChain } from '../../src/audit/audit-chain-port.js';
import type { AuditEntry, AuditLog, AuditRecord } from '../../src/audit/audit-log.js';
import { toAuditNdjson } from '../../src/audit/audit-ndjson.js';
import { verifyAuditExport } from '../../src/audit/verify-audit-export.js';

/** An audit store under test, and the hooks the contract needs beyond the ports. */
export interface AuditLogUnderTest {
  /** A new AuditLog on the same store, as another process would open it (own connection, own state). */
  openLog(): Promise<AuditLog>;
  chain: AuditChain;
  /** Changes the store behind the adapter's back, as an intruder with write access to it would. */
  tamper: {
    /** Rewrites entry `seq`'s detail, leaving its recorded hash as it was. */
    editDetail(seq: number, detail: Record<string, unknown>): Promise<void>;
    /** Removes entry `seq` and its chain link. */
    remove(seq: number): Promise<void>;
  };
  cleanup(): Promise<void>;
}

export type MakeAuditLog = () => Promise<AuditLogUnderTest>;

const entry = (action: string, detail: Record<string, unknown> = {}): AuditEntry => ({ actor: 'olga', action, source: '203.0.113.9', detail });

async function collect<T>(lines: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

/** Waits until the clock has moved past `at`, so the next entry gets a later timestamp. */
async function clockPast(at: string): Promise<void> {
  while (new Date().toISOString() <= at) await yieldToEventLoop();
}

const seqs = (records: AuditRecord[]) => records.map((r) => r.seq);
const kinds = (findings: Array<{ kind: string; seq: number; toSeq?: number }>) => findings.map(({ kind, seq, toSeq }) => ({ kind, seq, toSeq }));

/** The AuditLog and AuditChain ports' contract: every backend must pass it unchanged. */
export function describeAuditLogContract(name: string, makeStore: MakeAuditLog): void {
  /** Runs `body` on a fresh store and cleans it up whatever happens. */
  const withStore = (body: (store: AuditLogUnderTest, log: AuditLog) => Promise<void>) => async () => {
    const store = await makeStore();
    try {
      await body(store, await store.openLog());
    } finally {
      await store.cleanup();
    }
  };

  describe(`AuditLog contract: ${name}`, () => {
    it('lists appended entries oldest first, numbered from 1, stamped by the log, detail intact', withStore(async (_store, log) => {
      const before = new Date().toISOString();
      const detail = { query: 'from:alice', returnedIds: ['b', 'a'], nested: { z: 1, a: [true, null, 'ü ☃ 𝄞'] } };
      await log.append(entry('search', detail));
      await log.append({ actor: 'ada', action: 'queue.retry', source: 'cli:ada', detail: { id: 'job-1' } });
      const records = await log.list({ limit: 10 });
      const after = new Date().toISOString();
      assert.deepEqual(
        records.map(({ seq, actor, action, source, detail: d }) => ({ seq, actor, action, source, detail: d })),
        [
          { seq: 1, actor: 'olga', action: 'search', source: '203.0.113.9', detail },
          { seq: 2, actor: 'ada', action: 'queue.retry', source: 'cli:ada', detail: { id: 'job-1' } },
        ],
      );
      for (const { at } of records) {
        assert.match(at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        assert.ok(at >= before && at <= after, `${at} within [${before}, ${after}]`);
      }
    }));

    it('keeps a detail far larger than a search term may be (hundreds of KiB) intact', withStore(async (_store, log) => {
      const returnedIds = Array.from({ length: 5000 }, (_, i) => `${i}`.padStart(64, 'f'));
      await log.append(entry('search', { query: 'subject:invoice', returnedIds }));
      assert.deepEqual((await log.list({ limit: 1 }))[0]?.detail, { query: 'subject:invoice', returnedIds });
      assert.equal((await log.list({ limit: 1 }))[0]?.seq, 1);
    }));

    it('honours limit, afterSeq and action when listing', withStore(async (_store, log) => {
      for (const action of ['search', 'message.read', 'search', 'search']) await log.append(entry(action));
      assert.deepEqual(seqs(await log.list({ limit: 2 })), [1, 2]);
      assert.deepEqual(seqs(await log.list({ limit: 10, afterSeq: 2 })), [3, 4]);
      assert.deepEqual(seqs(await log.list({ limit: 10, action: 'search', afterSeq: 1 })), [3, 4]);
      assert.deepEqual(seqs(await log.list({ limit: 1, action: 'search', afterSeq: 1 })), [3]);
      assert.deepEqual(seqs(await log.list({ limit: 10, action: 'audit.read' })), []);
      assert.deepEqual(seqs(await log.list({ limit: 10, afterSeq: 4 })), []);
    }));

    it('pages through the whole log with afterSeq, never skipping or repeating an entry', withStore(async (_store, log) => {
      for (let n = 1; n <= 23; n++) await log.append(entry('search', { n }));
      const seen: number[] = [];
      for (let page = await log.list({ limit: 5 }); page.length > 0; page = await log.list({ limit: 5, afterSeq: page.at(-1)?.seq })) {
        seen.push(...page.map((r) => r.detail.n as number));
      }
      assert.deepEqual(seen, Array.from({ length: 23 }, (_, i) => i + 1));
    }));

    it('lists an entry once its append resolved, in the order the appends resolved, whichever process wrote it', withStore(async (store, api) => {
      const cli = await store.openLog();
      const worker = await store.openLog();
      await api.append(entry('search', { by: 'api' }));
      assert.deepEqual((await cli.list({ limit: 10 })).map((r) => r.detail.by), ['api']);
      await cli.append(entry('token.create', { by: 'cli' }));
      await worker.append(entry('retention.delete', { by: 'worker' }));
      await api.append(entry('message.read', { by: 'api' }));
      const records = await worker.list({ limit: 10 });
      assert.deepEqual(records.map((r) => [r.seq, r.detail.by]), [[1, 'api'], [2, 'cli'], [3, 'worker'], [4, 'api']]);
      assert.deepEqual(records.map((r) => r.at), records.map((r) => r.at).sort(), 'timestamps follow the seqs');
    }));

    it('rejects an entry whose detail has no JSON form, and appends nothing', withStore(async (_store, log) => {
      await assert.rejects(log.append(entry('search', { n: 10n as unknown as number })), TypeError);
      await log.append(entry('search'));
      assert.deepEqual(seqs(await log.list({ limit: 10 })), [1]);
    }));

    it('keeps seqs contiguous and one chain when several processes append at once', withStore(async (store, first) => {
      const writers = [first, ...(await Promise.all([1, 2, 3].map(() => store.openLog())))];
      const perWriter = 8;
      // Every writer fires all its appends at once too: a process serves many requests together.
      await Promise.all(writers.map((log, w) =>
        Promise.all(Array.from({ length: perWriter }, (_, n) => log.append(entry('search', { w, n })))),
      ));
      const total = writers.length * perWriter;
      const records = await (await store.openLog()).list({ limit: 1000 });
      assert.deepEqual(seqs(records), Array.from({ length: total }, (_, i) => i + 1));
      const written = records.map((r) => `${r.detail.w as number}/${r.detail.n as number}`).sort();
      const expected = writers.flatMap((_, w) => Array.from({ length: perWriter }, (__, n) => `${w}/${n}`)).sort();
      assert.deepEqual(written, expected, 'every append kept exactly once');
      const verification = await store.chain.verify();
      assert.deepEqual({ ok: verification.ok, checked: verification.checked, lastSeq: verification.lastSeq }, { ok: true, checked: total, lastSeq: total });
      assert.deepEqual(kinds(verification.findings), []);
    }));
  });

  describe(`AuditChain contract: ${name}`, () => {
    it('has no head while the log is empty, then the newest entry\'s hash', withStore(async (store, log) => {
      assert.equal(await store.chain.head(), null);
      for (let n = 1; n <= 3; n++) await log.append(entry('search', { n }));
      const exported = await collect((await store.chain.export({})).lines);
      const head = await store.chain.head();
      assert.deepEqual(head, { seq: 3, entryHash: exported.at(-1)?.entryHash });
    }));

    it('exports the whole log as linked lines that verify offline from the genesis hash', withStore(async (store, log) => {
      for (let n = 1; n <= 5; n++) await log.append(entry(n % 2 === 0 ? 'message.read' : 'search', { n }));
      const exported = await store.chain.export({});
      assert.deepEqual([exported.firstSeq, exported.lastSeq], [1, 5]);
      const lines: ChainedAuditRecord[] = await collect(exported.lines);
      assert.deepEqual(lines.map((l) => l.seq), [1, 2, 3, 4, 5]);
      assert.equal(lines[0]?.prevHash, GENESIS_HASH);
      for (let i = 1; i < lines.length; i++) assert.equal(lines[i]?.prevHash, lines[i - 1]?.entryHash, `line ${i + 1} links to line ${i}`);
      assert.deepEqual(lines.map(({ prevHash: _p, entryHash: _e, ...record }) => record), await log.list({ limit: 10 }));
      const offline = await verifyAuditExport(await ndjsonLines(lines), { fromGenesis: true });
      assert.deepEqual(
        { ok: offline.ok, checked: offline.checked, anchor: offline.anchor, head: offline.head },
        { ok: true, checked: 5, anchor: GENESIS_HASH, head: await store.chain.head() },
      );
    }));

    it('exports the entries from the first at or after `from` to the last before `to`', withStore(async (store, log) => {
      for (let n = 1; n <= 5; n++) {
        await log.append(entry('search', { n }));
        await clockPast((await log.list({ limit: 1, afterSeq: n - 1 }))[0]?.at ?? '');
      }
      const at = (await log.list({ limit: 10 })).map((r) => new Date(r.at));
      const middle = await store.chain.export({ from: at[1], to: at[3] });
      assert.deepEqual([middle.firstSeq, middle.lastSeq], [2, 3]);
      const lines = await collect(middle.lines);
      assert.deepEqual(lines.map((l) => l.seq), [2, 3]);
      assert.notEqual(lines[0]?.prevHash, GENESIS_HASH, 'a middle export is anchored on the entry before it');
      const offline = await verifyAuditExport(await ndjsonLines(lines));
      assert.deepEqual({ ok: offline.ok, checked: offline.checked }, { ok: true, checked: 2 });

      const future = await store.chain.export({ from: new Date(Date.now() + 60_000) });
      assert.deepEqual([future.firstSeq, future.lastSeq, (await collect(future.lines)).length], [null, null, 0]);
      const past = await store.chain.export({ to: at[0] });
      assert.deepEqual([past.firstSeq, past.lastSeq, (await collect(past.lines)).length], [null, null, 0]);
    }));

    it('verifies an intact chain from its genesis, reporting progress and its head', withStore(async (store, log) => {
      for (let n = 1; n <= 7; n++) await log.append(entry('search', { n }));
      const progress: number[] = [];
      const head = await store.chain.head();
      const result = await store.chain.verify({ onProgress: (checked) => progress.push(checked), expectedHead: head ?? undefined });
      assert.deepEqual(
        { ok: result.ok, checked: result.checked, firstSeq: result.firstSeq, lastSeq: result.lastSeq, anchor: result.anchor, head: result.head, findingCount: result.findingCount },
        { ok: true, checked: 7, firstSeq: 1, lastSeq: 7, anchor: GENESIS_HASH, head, findingCount: 0 },
      );
      assert.equal(progress.at(-1), 7);
    }));

    it('finds an edited entry and a deleted one by their numbers', withStore(async (store, log) => {
      for (let n = 1; n <= 6; n++) await log.append(entry('search', { n }));
      await store.tamper.editDetail(2, { n: 999 });
      await store.tamper.remove(4);
      const result = await store.chain.verify();
      assert.equal(result.ok, false);
      assert.deepEqual(kinds(result.findings), [
        { kind: 'edited', seq: 2, toSeq: undefined },
        { kind: 'missing', seq: 4, toSeq: 4 },
      ]);
    }));

    it('finds entries deleted from the end against a head recorded earlier', withStore(async (store, log) => {
      for (let n = 1; n <= 5; n++) await log.append(entry('search', { n }));
      const recorded = await store.chain.head();
      assert.ok(recorded !== null);
      await store.tamper.remove(5);
      await store.tamper.remove(4);
      assert.equal((await store.chain.verify()).ok, true, 'a truncated tail looks intact on its own');
      const result = await store.chain.verify({ expectedHead: recorded });
      assert.deepEqual(kinds(result.findings), [{ kind: 'missing', seq: 4, toSeq: 5 }]);
    }));
  });
}

/** Exported records as the NDJSON lines a verifier reads back. */
async function ndjsonLines(records: ChainedAuditRecord[]): Promise<string[]> {
  async function* each(): AsyncGenerator<ChainedAuditRecord> {
    yield* records;
  }
  return (await collect(toAuditNdjson(each()))).map((line) => line.trimEnd());
}
