import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { Severity } from '../../domain/classification.js';
import { RULE_ENGINE_ERROR_RULE_ID } from '../../incidents/incident-store.js';
import { incidentIdOf } from '../../incidents/incidents-to-raise.js';
import { SqliteIncidentStore } from '../../incidents/sqlite/sqlite-incident-store.js';
import { SqliteIncidentWriter } from '../../incidents/sqlite/sqlite-incident-writer.js';
import { holdsArchive, type HoldsArchive, type TestMessage } from '../../holds/test-support/holds-archive.js';
import type { ReportData } from '../report-data.js';
import { createDlpSource, DELETED_MESSAGE, DLP_SPEC, NO_SENDER, NO_SEVERITY } from './dlp-source.js';

/** A real archive (SQLite index, incident writer and store) with the report indexes in place. */
function dlpArchive(t: TestContext) {
  const archive = holdsArchive(t);
  const writer = new SqliteIncidentWriter(archive.db);
  return {
    archive,
    incidents: new SqliteIncidentStore(archive.db),
    source: createDlpSource({ db: archive.db }),
    /**
     * Raises an incident on a recorded message at `at`, through the writer the archive index uses
     * when it records a message (which stamps the clock instead), inside a group-commit write.
     */
    raise: async (messageId: string, ruleId: string, severity: Severity | null, at: string): Promise<string> => {
      await archive.writer.run(() =>
        writer.raise(messageId, `${messageId}-copy`, [{ ruleId, pack: 'test', severity, description: `rule ${ruleId}`, evidence: [] }], Date.parse(at)));
      return incidentIdOf(messageId, ruleId);
    },
  };
}

const from = (address: string) => ({ field: 'from' as const, address, name: '' });
const to = { field: 'to' as const, address: 'someone@elsewhere.example', name: '' };

async function recordAll(archive: HoldsArchive, messages: TestMessage[]): Promise<string[]> {
  const ids: string[] = [];
  for (const message of messages) ids.push(await archive.record(message));
  return ids;
}

/** Wednesday to Wednesday: the period touches three ISO weeks, the first and last in part. */
const PERIOD = { from: new Date('2024-03-06T00:00:00.000Z'), to: new Date('2024-03-20T00:00:00.000Z') };
const load = (source: { load: (p: { period: typeof PERIOD; now: Date }) => Promise<ReportData> }, period = PERIOD) =>
  source.load({ period, now: new Date('2024-04-01T00:00:00.000Z') });

test('the DLP figures, tables and series count exactly the incidents created in [from, to), by rule, severity, sender, domain and week', async (t) => {
  const { archive, incidents, source, raise } = dlpArchive(t);
  const [alice, bob, carol, dave, nobody, erin] = await recordAll(archive, [
    { name: 'alice', addresses: [from('alice@sales.example.com'), to] },
    { name: 'bob', addresses: [from('bob@sales.example.com'), to] },
    { name: 'carol', addresses: [from('carol@legal.example.org'), to] },
    // No From header: the journal's sender stands in.
    { name: 'dave', addresses: [to], journalSender: 'dave@ops.example.net' },
    { name: 'nobody', addresses: [to] },
    { name: 'erin', addresses: [from('erin@sales.example.com'), to] },
  ]) as [string, string, string, string, string, string];

  const before = await raise(alice, 'iban', 'medium', '2024-03-05T23:59:59.999Z');
  const atStart = await raise(alice, 'pci-card', 'high', '2024-03-06T00:00:00.000Z');
  await raise(bob, 'pci-card', 'high', '2024-03-07T10:00:00.000Z');
  await raise(carol, 'pci-card', 'high', '2024-03-10T23:59:59.999Z'); // Sunday: still the week of 03-04
  const mondayIban = await raise(bob, 'iban', 'medium', '2024-03-11T00:00:00.000Z');
  const secrets = await raise(carol, 'secrets', 'critical', '2024-03-12T08:00:00.000Z');
  await raise(dave, 'iban', 'medium', '2024-03-13T08:00:00.000Z');
  await raise(nobody, 'spam-with-incident', null, '2024-03-14T08:00:00.000Z');
  await raise(erin, 'secrets', 'critical', '2024-03-15T08:00:00.000Z');
  await raise(dave, 'pci-card', 'high', '2024-03-19T23:59:59.999Z');
  await raise(nobody, 'pci-card', 'high', '2024-03-20T00:00:00.000Z'); // at `to`: outside
  for (const [id, status] of [[atStart, 'reviewed'], [mondayIban, 'reviewed'], [secrets, 'dismissed'], [before, 'reviewed']] as const) {
    await incidents.update(id, { expectedVersion: 1, actor: 'olga', status });
  }
  await archive.index.delete(erin);

  const data = await load(source);
  assert.deepEqual(data.figures, { incidentsInPeriod: 9, openIncidents: 6, reviewedIncidents: 3, rulesFired: 4, highOrCriticalIncidents: 6 });
  assert.deepEqual(data.tables.byRule, {
    rows: [
      { rule: 'pci-card', severity: 'high', incidents: 4, open: 3, reviewed: 1 },
      { rule: 'iban', severity: 'medium', incidents: 2, open: 1, reviewed: 1 },
      { rule: 'secrets', severity: 'critical', incidents: 2, open: 1, reviewed: 1 },
      { rule: 'spam-with-incident', severity: NO_SEVERITY, incidents: 1, open: 1, reviewed: 0 },
    ],
  });
  assert.deepEqual(data.tables.bySeverity, {
    rows: [
      { severity: 'critical', incidents: 2 },
      { severity: 'high', incidents: 4 },
      { severity: 'medium', incidents: 2 },
      { severity: 'low', incidents: 0 },
      { severity: NO_SEVERITY, incidents: 1 },
    ],
  });
  assert.deepEqual(data.tables.bySender, {
    rows: [
      { sender: 'bob@sales.example.com', incidents: 2 },
      { sender: 'carol@legal.example.org', incidents: 2 },
      { sender: 'dave@ops.example.net', incidents: 2 },
      { sender: DELETED_MESSAGE, incidents: 1 },
      { sender: NO_SENDER, incidents: 1 },
      { sender: 'alice@sales.example.com', incidents: 1 },
    ],
  });
  assert.deepEqual(data.tables.byDomain, {
    rows: [
      { domain: 'sales.example.com', incidents: 3 },
      { domain: 'legal.example.org', incidents: 2 },
      { domain: 'ops.example.net', incidents: 2 },
      { domain: DELETED_MESSAGE, incidents: 1 },
      { domain: NO_SENDER, incidents: 1 },
    ],
  });
  assert.deepEqual(data.tables.byWeek, {
    rows: [
      { week: '2024-03-04', incidents: 3, open: 2, reviewed: 1 },
      { week: '2024-03-11', incidents: 5, open: 3, reviewed: 2 },
      { week: '2024-03-18', incidents: 1, open: 1, reviewed: 0 },
    ],
  });
  assert.deepEqual(data.series, {
    incidentsByWeek: [{ label: '2024-03-04', value: 3 }, { label: '2024-03-11', value: 5 }, { label: '2024-03-18', value: 1 }],
    topRules: [{ label: 'pci-card', value: 4 }, { label: 'iban', value: 2 }, { label: 'secrets', value: 2 }, { label: 'spam-with-incident', value: 1 }],
  });
});

test('the DLP data names exactly what its spec promises', async (t) => {
  const { source } = dlpArchive(t);
  const data = await load(source);
  assert.equal(source.name, 'dlp');
  assert.equal(source.spec, DLP_SPEC);
  assert.deepEqual(Object.keys(data.figures), [...DLP_SPEC.figures]);
  assert.deepEqual(Object.keys(data.series), [...DLP_SPEC.series]);
  assert.deepEqual(Object.keys(data.tables), Object.keys(DLP_SPEC.tables));
});

test('a period without incidents has zero figures, empty tables, every severity at zero and every week at zero', async (t) => {
  const { archive, source, raise } = dlpArchive(t);
  const [alice] = await recordAll(archive, [{ name: 'alice', addresses: [from('alice@sales.example.com')] }]) as [string];
  await raise(alice, 'pci-card', 'high', '2024-02-01T00:00:00.000Z');
  const data = await load(source, { from: new Date('2024-03-04T00:00:00.000Z'), to: new Date('2024-03-18T00:00:00.000Z') });
  assert.deepEqual(data.figures, { incidentsInPeriod: 0, openIncidents: 0, reviewedIncidents: 0, rulesFired: 0, highOrCriticalIncidents: 0 });
  for (const table of ['byRule', 'bySender', 'byDomain'] as const) assert.deepEqual(data.tables[table], { rows: [] }, table);
  assert.deepEqual(data.tables.bySeverity?.rows.map((r) => r.incidents), [0, 0, 0, 0]);
  assert.deepEqual(data.series.incidentsByWeek, [{ label: '2024-03-04', value: 0 }, { label: '2024-03-11', value: 0 }]);
  assert.deepEqual(data.series.topRules, []);
});

test('senders and domains are cut to the top 50 with the number there were in all; the top-rules chart to 10', async (t) => {
  const { archive, source, raise } = dlpArchive(t);
  const messages: TestMessage[] = [];
  // 52 senders in 52 domains; the first two send two messages each, so they lead the lists.
  for (let i = 0; i < 52; i++) messages.push({ name: `sender-${i}`, addresses: [from(`user${String(i).padStart(2, '0')}@d${String(i).padStart(2, '0')}.example`)] });
  messages.push({ name: 'again-0', addresses: [from('user00@d00.example')] }, { name: 'again-1', addresses: [from('user01@d01.example')] });
  const ids = await recordAll(archive, messages);
  for (const [i, id] of ids.entries()) await raise(id, `rule-${String(i % 12).padStart(2, '0')}`, 'low', '2024-03-08T12:00:00.000Z');
  // One message, two rules: one sender, two incidents.
  await raise(ids[0] as string, RULE_ENGINE_ERROR_RULE_ID, 'high', '2024-03-08T12:00:00.000Z');

  const data = await load(source);
  const senders = data.tables.bySender;
  assert.equal(senders?.rows.length, 50);
  assert.equal(senders?.totalRows, 52);
  assert.deepEqual(senders?.rows.slice(0, 3), [
    { sender: 'user00@d00.example', incidents: 3 },
    { sender: 'user01@d01.example', incidents: 2 },
    { sender: 'user02@d02.example', incidents: 1 },
  ]);
  assert.equal(senders?.rows.at(-1)?.sender, 'user49@d49.example');
  assert.equal(data.tables.byDomain?.rows.length, 50);
  assert.equal(data.tables.byDomain?.totalRows, 52);
  assert.deepEqual(data.tables.byDomain?.rows[0], { domain: 'd00.example', incidents: 3 });
  // 54 incidents over 12 rules: rule-00 … rule-05 have five each, rule-06 … rule-11 four.
  assert.equal(data.figures.rulesFired, 13);
  assert.equal(data.tables.byRule?.rows.length, 13);
  assert.equal(data.tables.byRule?.totalRows, undefined);
  assert.deepEqual(data.series.topRules?.map((p) => `${p.label}=${p.value}`), [
    'rule-00=5', 'rule-01=5', 'rule-02=5', 'rule-03=5', 'rule-04=5', 'rule-05=5', 'rule-06=4', 'rule-07=4', 'rule-08=4', 'rule-09=4',
  ]);
});

test('the DLP source names its index in every statement, so a database without it fails at once rather than slowly', async (t) => {
  const { archive } = dlpArchive(t);
  archive.db.exec('DROP INDEX report_incidents_period');
  assert.throws(() => createDlpSource({ db: archive.db }), /no such index: report_incidents_period/);
});
