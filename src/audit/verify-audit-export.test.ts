import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { freshDatabase } from '../../test/support/fresh-database.js';
import { GENESIS_HASH } from './audit-chain.js';
import { toAuditNdjson } from './audit-ndjson.js';
import { createSqliteAuditChain } from './sqlite-audit-chain.js';
import { createSqliteAuditLog } from './sqlite-audit-log.js';
import { verifyAuditExport } from './verify-audit-export.js';

const DAY = 86_400_000;

/** NDJSON lines of a chain of `count` entries, the n-th written on day n of May 2024. */
async function exportLines(t: TestContext, count: number, range: { from?: Date; to?: Date } = {}): Promise<string[]> {
  const { db } = freshDatabase(t, 'audit-export');
  // Rows with chosen times, inserted as an older version would have: the adapter chains them at start.
  const insert = db.prepare("INSERT INTO audit_log (at, actor, action, source, detail) VALUES (?, 'olga', 'search', '203.0.113.9', ?)");
  for (let i = 1; i <= count; i++) insert.run(Date.parse('2024-05-01T00:00:00Z') + (i - 1) * DAY, JSON.stringify({ n: i }));
  createSqliteAuditLog(db);
  const exported = await createSqliteAuditChain(db).export(range);
  const lines: string[] = [];
  for await (const line of toAuditNdjson(exported.lines)) lines.push(line.trimEnd());
  return lines;
}

const messages = (result: { findings: Array<{ message: string }> }) => result.findings.map((f) => f.message);

test('a whole export verifies and starts at the genesis hash', async (t) => {
  const lines = await exportLines(t, 6);
  const result = await verifyAuditExport(lines);
  assert.deepEqual({ ok: result.ok, checked: result.checked, firstSeq: result.firstSeq, lastSeq: result.lastSeq, anchor: result.anchor }, {
    ok: true, checked: 6, firstSeq: 1, lastSeq: 6, anchor: GENESIS_HASH,
  });
  assert.deepEqual(Object.keys(JSON.parse(lines[0] ?? '{}') as object), ['seq', 'at', 'actor', 'action', 'source', 'detail', 'prevHash', 'entryHash']);
});

test('a time range exports the contiguous entries inside it, anchored mid-chain', async (t) => {
  const lines = await exportLines(t, 10, { from: new Date('2024-05-03T00:00:00Z'), to: new Date('2024-05-06T00:00:00Z') });
  assert.deepEqual(lines.map((l) => (JSON.parse(l) as { seq: number }).seq), [3, 4, 5]);
  const result = await verifyAuditExport(lines);
  assert.equal(result.ok, true);
  assert.notEqual(result.anchor, GENESIS_HASH);
});

test('an edited line and deleted lines are found by entry number', async (t) => {
  const lines = await exportLines(t, 20);
  const edited = JSON.parse(lines[6] ?? '') as { detail: Record<string, unknown> };
  edited.detail = { n: 'changed' };
  lines[6] = JSON.stringify(edited);
  lines.splice(12, 2); // entries 13 and 14
  assert.deepEqual(messages(await verifyAuditExport(lines)), ['entry 7: hash mismatch (edited)', 'entries 13–14 missing (deleted)']);
});

test('lines that are not audit entries are reported by line number, blank lines ignored', async (t) => {
  const lines = await exportLines(t, 3);
  lines.splice(1, 0, '', '{"seq": "x"}', 'not json');
  const result = await verifyAuditExport(lines);
  assert.deepEqual(messages(result), ['line 3: not an audit entry (seq: Invalid input: expected number, received string)', 'line 4: not an audit entry (invalid JSON)']);
  assert.equal(result.checked, 3);
});
