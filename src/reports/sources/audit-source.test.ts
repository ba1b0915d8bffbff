import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshDatabase } from '../../../test/support/fresh-database.js';
import { startTestApi } from '../../api/test-support/harness.js';
import type { Db } from '../../db/open-database.js';
import type { ExportRecord, ExportStore } from '../../discovery/export/export-store.js';
import { createAuditSource } from './audit-source.js';

const FROM = Date.parse('2026-02-10T00:00:00.000Z');
const TO = Date.parse('2026-02-11T00:00:00.000Z');
const DAY = TO - FROM;
const PERIOD = { from: new Date(FROM), to: new Date(TO) };

/** Export records newest first, as the export store lists them (the store itself is the exports helper's). */
function exportList(records: ExportRecord[]): Pick<ExportStore, 'list'> {
  const newestFirst = [...records].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  return { list: async ({ limit, offset }) => newestFirst.slice(offset, offset + limit) };
}

function exportRecord(id: string, requestedAt: number, total: number): ExportRecord {
  return {
    id, format: 'eml-zip', selection: { caseId: null, query: 'from:x', reviewTag: null }, status: 'completed', requestedBy: 'eve', requestSource: '192.0.2.9',
    requestedAt: new Date(requestedAt).toISOString(), startedAt: null, finishedAt: null, total, done: total, error: null, cancelRequested: false, files: [],
  };
}

/**
 * Audit rows written with chosen times. The audit log adapter stamps entries with the wall clock,
 * so entries of other days go straight into its table, with the columns it writes.
 */
function auditWriter(db: Db) {
  const insert = db.prepare<[number, string, string, string]>(`INSERT INTO audit_log (at, actor, action, source, detail) VALUES (?, ?, ?, 'test', ?)`);
  return (actor: string, action: string, times: number[], detail: (i: number) => Record<string, unknown> = () => ({})) =>
    db.transaction(() => times.forEach((time, i) => insert.run(time, actor, action, JSON.stringify(detail(i)))))();
}

/** `n` instants from `start`, `step` ms apart. */
const instants = (start: number, n: number, step = 60_000) => Array.from({ length: n }, (_, i) => start + i * step);

describe('audit report data', () => {
  it('counts who did what in the period, lists exports and deletions, and flags unusual activity by the rule', async (t) => {
    const { db } = freshDatabase(t, 'report-audit');
    const write = auditWriter(db);
    const since = FROM - 4 * DAY;

    // Period boundaries: [from, to).
    write('ada', 'search', [FROM - 1, FROM, TO]);
    // 12 exports with no history: flagged.
    const exportTimes = instants(FROM + 1000, 12);
    write('eve', 'export.request', exportTimes, (i) => ({ exportId: `e${i + 1}`, query: 'from:x', ...(i === 0 ? { messages: 50 } : {}) }));
    // 30 searches against a baseline of 40 / 4 = 10: exactly three times, flagged. The entry just
    // before the four windows is not history; the one at their start is.
    write('sam', 'search', [since - 1, since, ...instants(since + DAY, 39)]);
    write('sam', 'search', instants(FROM + 2000, 30));
    // 29 against the same baseline: not flagged.
    write('ann', 'search', instants(since, 40, 3_600_000));
    write('ann', 'search', instants(FROM + 3000, 29));
    // 9 reads with no history: under the minimum of 10.
    write('bob', 'message.read', instants(FROM + 4000, 8));
    write('bob', 'message.raw', [FROM + 5000]);
    // 10 deletions against a baseline of 8 / 4 = 2: flagged.
    write('retention', 'message.delete', instants(since, 8, DAY / 2));
    write('retention', 'message.delete', instants(FROM + 6000, 10), (i) => ({ reason: 'retention', policyId: 'short', requestId: null, messageIds: [`m${i}a`, `m${i}b`] }));
    write('anonymous', 'auth.refused', instants(FROM + 7000, 3));

    const records = exportTimes.map((time, i) => exportRecord(`e${i + 1}`, time + 1, 100 + i));
    records.push(...instants(TO, 150).map((time, i) => exportRecord(`later-${i}`, time, 1)));
    const source = createAuditSource({ db, exports: exportList(records) });
    const data = await source.load({ period: PERIOD, now: new Date(TO) });

    assert.deepEqual(data.figures, {
      entriesInPeriod: 94,
      actors: 7,
      searches: 60,
      messageReads: 9,
      exports: 12,
      deletions: 10,
      refusedAuthentications: 3,
      unusualFindings: 3,
    });
    assert.deepEqual(data.tables.unusual, {
      rows: [
        { actor: 'sam', activity: 'search', inPeriod: 30, baseline: 10, note: '3.0× the average of the 4 preceding periods' },
        { actor: 'eve', activity: 'export', inPeriod: 12, baseline: 0, note: 'no export entries in the 4 preceding periods' },
        { actor: 'retention', activity: 'delete', inPeriod: 10, baseline: 2, note: '5.0× the average of the 4 preceding periods' },
      ],
    });
    assert.deepEqual(data.tables.byAction, {
      rows: [
        { action: 'search', entries: 60 },
        { action: 'export.request', entries: 12 },
        { action: 'message.delete', entries: 10 },
        { action: 'message.read', entries: 8 },
        { action: 'auth.refused', entries: 3 },
        { action: 'message.raw', entries: 1 },
      ],
    });
    const iso = (ms: number) => new Date(ms).toISOString();
    const actor = (name: string, entries: number, counts: [number, number, number, number], first: number, last: number) =>
      ({ actor: name, entries, searches: counts[0], reads: counts[1], exports: counts[2], deletions: counts[3], firstAt: iso(first), lastAt: iso(last) });
    assert.deepEqual(data.tables.byActor, {
      rows: [
        actor('sam', 30, [30, 0, 0, 0], FROM + 2000, FROM + 2000 + 29 * 60_000),
        actor('ann', 29, [29, 0, 0, 0], FROM + 3000, FROM + 3000 + 28 * 60_000),
        actor('eve', 12, [0, 0, 12, 0], FROM + 1000, FROM + 1000 + 11 * 60_000),
        actor('retention', 10, [0, 0, 0, 10], FROM + 6000, FROM + 6000 + 9 * 60_000),
        actor('bob', 9, [0, 9, 0, 0], FROM + 4000, FROM + 4000 + 7 * 60_000),
        actor('anonymous', 3, [0, 0, 0, 0], FROM + 7000, FROM + 7000 + 2 * 60_000),
        actor('ada', 1, [1, 0, 0, 0], FROM, FROM),
      ],
    });
    assert.deepEqual(data.tables.exports?.rows, exportTimes.map((time, i) => ({
      at: iso(time), actor: 'eve', exportId: `e${i + 1}`, messages: i === 0 ? 50 : 100 + i, query: 'from:x',
    })));
    assert.deepEqual(data.tables.deletions?.rows, instants(FROM + 6000, 10).map((time) => ({ at: iso(time), actor: 'retention', action: 'message.delete', messages: 2 })));
    assert.deepEqual(data.series.entriesByDay, [{ label: '2026-02-10', value: 94 }]);
  });

  it('counts what the API really audits: searches by the officer who ran them', async (t) => {
    const api = await startTestApi(t);
    for (const q of ['invoice', 'from:alice@example.com']) {
      const response = await api.request(`/api/v1/messages?q=${encodeURIComponent(q)}`, 'officer');
      assert.equal(response.status, 200);
    }
    const now = Date.now();
    const data = await createAuditSource({ db: api.db, exports: exportList([]) })
      .load({ period: { from: new Date(now - 3_600_000), to: new Date(now + 3_600_000) }, now: new Date(now) });
    assert.equal(data.figures.searches, 2);
    const officer = data.tables.byActor?.rows.find((row) => row.actor === 'olga-officer');
    assert.equal(officer?.searches, 2);
    assert.equal(data.figures.unusualFindings, 0);
  });
});
