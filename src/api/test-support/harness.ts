import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { pino } from 'pino';
import { createComplianceServices } from '../../app/compliance-services.js';
import { createDiscoveryServices } from '../../app/discovery-services.js';
import { createFsBlobStore } from '../../archive/fs-blob-store.js';
import { SqliteArchiveIndex } from '../../archive/sqlite/sqlite-archive-index.js';
import { createSqliteAuditChain } from '../../audit/sqlite-audit-chain.js';
import { createSqliteAuditLog } from '../../audit/sqlite-audit-log.js';
import { loadConfig } from '../../config/load-config.js';
import { GroupCommit } from '../../db/group-commit.js';
import { createSqliteTokenStore } from '../../auth/sqlite-token-store.js';
import { openDatabase, type Db } from '../../db/open-database.js';
import { SqliteIncidentStore } from '../../incidents/sqlite/sqlite-incident-store.js';
import type { QueryNode } from '../../query/ast.js';
import { QuerySyntaxError } from '../../query/query-syntax-error.js';
import { createApiApp, type ApiDeps } from '../app.js';
import { startApiServer } from '../start-api-server.js';
import { FakeArchiveIndex, FakeBlobStore, FakeJobQueue, FakeRules } from './fakes.js';

/** Keeps API tests independent of the real grammar: a `)` anywhere is a syntax error at its offset; anything else is one text term. */
export function fakeParseQuery(q: string): QueryNode {
  const bad = q.indexOf(')');
  if (bad >= 0) throw new QuerySyntaxError(`unbalanced ")" at ${bad}`, bad, 'unbalanced-parenthesis');
  return q.trim() === '' ? { type: 'all' } : { type: 'text', field: 'any', value: q, phrase: false, prefix: false };
}

export interface TestApi {
  url: string;
  db: Db;
  deps: ApiDeps;
  index: FakeArchiveIndex;
  blobs: FakeBlobStore;
  queue: FakeJobQueue;
  rules: FakeRules;
  /** Bearer tokens named after their role. */
  tokens: { admin: string; officer: string; auditor: string };
  /** Parsed structured log lines. */
  logs: Array<Record<string, unknown>>;
  /** `fetch` of an API path with the given role's token (or none). */
  request(path: string, as?: 'admin' | 'officer' | 'auditor' | null, init?: RequestInit): Promise<Response>;
}

/**
 * Starts the real app on 127.0.0.1 with a fresh SQLite database (real audit log, token store,
 * incident store, compliance services — holds, retention, erasure, proofs, verification — and
 * discovery services — case review, exports, reports — on it, over the real SQLite index and
 * blob store) and in-memory fakes for the index, blobs, queue and rules the message routes use.
 * Everything is torn down when the test ends.
 */
export async function startTestApi(t: TestContext, overrides: Partial<ApiDeps> = {}): Promise<TestApi> {
  const dir = await mkdtemp(join(tmpdir(), 'custodian-api-'));
  const db = openDatabase(join(dir, 'custodian.db'));
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const index = new FakeArchiveIndex();
  const blobs = new FakeBlobStore();
  const queue = new FakeJobQueue();
  const rules = new FakeRules();
  const tokenStore = createSqliteTokenStore(db);
  const tokens = {
    admin: (await tokenStore.create('ada-admin', 'admin')).token,
    officer: (await tokenStore.create('olga-officer', 'officer')).token,
    auditor: (await tokenStore.create('aldo-auditor', 'auditor')).token,
  };
  const audit = createSqliteAuditLog(db);
  const writer = new GroupCommit(db);
  const blobRoot = join(dir, 'blobs');
  const archiveIndex = new SqliteArchiveIndex(db, writer);
  const config = loadConfig({ env: { CUSTODIAN_DATA_DIR: dir } });
  const archiveBlobs = createFsBlobStore({ root: blobRoot, compression: 'gzip', encryptionKey: null });
  const compliance = await createComplianceServices({ config, db, writer, index: archiveIndex, blobs: archiveBlobs, blobRoot, audit, logger });
  const discovery = await createDiscoveryServices({
    config, db, writer, index: archiveIndex, blobs: archiveBlobs, audit, compliance, queue, logger,
  });
  const deps: ApiDeps = {
    index,
    blobs,
    queue,
    audit,
    auditChain: createSqliteAuditChain(db),
    compliance: { ...compliance.api(), ...discovery.api() },
    tokens: tokenStore,
    incidents: new SqliteIncidentStore(db),
    rules,
    parseQuery: fakeParseQuery,
    describeOriginal: async (raw) => [{ contentType: 'text/plain', size: raw.length }],
    health: async () => ({ ok: true, checks: { database: 'ok' } }),
    logger,
    ...overrides,
  };
  const server = await startApiServer(createApiApp(deps), { host: '127.0.0.1', port: 0 });
  t.after(async () => {
    await server.close();
    await compliance.stop();
    await writer.close();
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  return {
    url: server.url,
    db,
    deps,
    index,
    blobs,
    queue,
    rules,
    tokens,
    logs,
    request(path, as = null, init = {}) {
      const headers = new Headers(init.headers);
      if (as !== null) headers.set('Authorization', `Bearer ${tokens[as]}`);
      return fetch(`${server.url}${path}`, { ...init, headers });
    },
  };
}

/**
 * The routes' own audit rows, oldest first, straight from the table (not through the adapter under
 * test). Authentication entries (`auth.*`: a token's first use of the day, refusals), which any
 * request may add, are left out; `src/audit/auth-audit.test.ts` covers them.
 */
export function auditRows(db: Db): Array<{ actor: string; action: string; detail: Record<string, unknown> }> {
  const rows = db
    .prepare<[], { actor: string; action: string; detail: string }>(`SELECT actor, action, detail FROM audit_log WHERE action NOT LIKE 'auth.%' ORDER BY seq`)
    .all();
  return rows.map((row) => ({ actor: row.actor, action: row.action, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}
