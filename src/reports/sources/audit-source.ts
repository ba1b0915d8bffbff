import type { Db } from '../../db/open-database.js';
import type { ExportRecord, ExportStore } from '../../discovery/export/export-store.js';
import type { ReportData, ReportDataSource, ReportDataSpec, ReportParameters, ReportSourceDeps, ReportTable } from '../report-data.js';
import { DAY_MS, periodBuckets } from './buckets.js';
import { DETAIL_ROWS, limitedTable } from './detail-table.js';

/**
 * The audit report's data: who did what in the period, from the audit log. Activities are counted
 * in audit entries: a search, a message read (or raw download), an export requested, a deletion
 * (one `message.delete` entry per batch the deleter removed; the deletions table says how many
 * messages each removed).
 *
 * Unusual activity: for each actor and activity, the entries in the period against the actor's
 * average over the four windows of the period's length just before it; flagged when at least
 * three times that average and at least 10 — which includes 10 or more with no history at all.
 */
export const AUDIT_SPEC: ReportDataSpec = {
  figures: ['entriesInPeriod', 'actors', 'searches', 'messageReads', 'exports', 'deletions', 'refusedAuthentications', 'unusualFindings'],
  tables: {
    byActor: ['actor', 'entries', 'searches', 'reads', 'exports', 'deletions', 'firstAt', 'lastAt'],
    byAction: ['action', 'entries'],
    exports: ['at', 'actor', 'exportId', 'messages', 'query'],
    deletions: ['at', 'actor', 'action', 'messages'],
    unusual: ['actor', 'activity', 'inPeriod', 'baseline', 'note'],
  },
  series: ['entriesByDay'],
  needsCase: false,
};

export type AuditActivity = 'search' | 'read' | 'export' | 'delete';

/**
 * The audit actions each activity counts. `search`: the archive search route; reads: a message
 * opened or its original downloaded; exports: an export requested (detail `exportId`, `query`,
 * and `messages` when known); deletions: the deleter's record of a batch removed (detail
 * `messageIds`), whatever asked for it (sweep, review decision, erasure).
 */
export const ACTIVITY_ACTIONS: Readonly<Record<AuditActivity, readonly string[]>> = {
  search: ['search'],
  read: ['message.read', 'message.raw'],
  export: ['export.request'],
  delete: ['message.delete'],
};

/** An authentication the API refused (bad, revoked or missing token, wrong role). */
export const REFUSED_AUTHENTICATION = 'auth.refused';

/** The unusual-activity rule: at least this many times the baseline … */
export const UNUSUAL_FACTOR = 3;
/** … and at least this many entries in the period … */
export const UNUSUAL_MINIMUM = 10;
/** … the baseline being the average over this many preceding windows of the period's length. */
export const BASELINE_WINDOWS = 4;

/** Export records read per page while looking up the message counts of the period's exports. */
const EXPORT_PAGE = 100;

interface ActorActionRow { actor: string; action: string; n: number; first_at: number; last_at: number }
interface ExportRow { at: number; actor: string; export_id: string | null; messages: number | null; query: string | null }
interface DeletionRow { at: number; actor: string; action: string; messages: number | null }
interface ActorTotals { actor: string; entries: number; activities: Record<AuditActivity, number>; firstAt: number; lastAt: number }

type Range = { from: number; to: number };

const quoted = (values: readonly string[]): string => values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ');
const ACTIVITIES = Object.keys(ACTIVITY_ACTIONS) as AuditActivity[];
const ACTIVITY_OF = new Map(ACTIVITIES.flatMap((activity) => ACTIVITY_ACTIONS[activity].map((action) => [action, activity] as const)));

/**
 * The period is read once through `report_audit_period` (at, actor, action), grouped by actor and
 * action in SQLite — a few rows per actor reach JavaScript, which derives the figures, `byAction`
 * and `byActor` from them; the daily chart is one index range count per day. One kind of entry
 * (exports, deletions) and one actor's activity before the period (the unusual-activity baseline)
 * are read through `report_audit_activity` (action, actor, at). Detail JSON is parsed only for
 * the capped detail tables.
 */
function prepareStatements(db: Db) {
  const period = 'at >= @from AND at < @to';
  const detailRows = (activity: AuditActivity, columns: string) => `SELECT at, actor, ${columns} FROM audit_log INDEXED BY report_audit_activity
       WHERE action IN (${quoted(ACTIVITY_ACTIONS[activity])}) AND ${period} ORDER BY at, seq LIMIT @limit`;
  return {
    byActorAction: db.prepare<Range, ActorActionRow>(
      `SELECT actor, action, count(*) AS n, min(at) AS first_at, max(at) AS last_at
       FROM audit_log INDEXED BY report_audit_period WHERE ${period} GROUP BY actor, action`,
    ),
    entriesBetween: db.prepare<Range, { n: number }>(`SELECT count(*) AS n FROM audit_log INDEXED BY report_audit_period WHERE ${period}`),
    exports: db.prepare<Range & { limit: number }, ExportRow>(
      detailRows('export', `json_extract(detail, '$.exportId') AS export_id, json_extract(detail, '$.messages') AS messages, json_extract(detail, '$.query') AS query`),
    ),
    deletions: db.prepare<Range & { limit: number }, DeletionRow>(detailRows('delete', `action, json_array_length(detail, '$.messageIds') AS messages`)),
    baseline: new Map(ACTIVITIES.map((activity) => [activity, db.prepare<{ actor: string; since: number; from: number }, { n: number }>(
      `SELECT count(*) AS n FROM audit_log INDEXED BY report_audit_activity
       WHERE action IN (${quoted(ACTIVITY_ACTIONS[activity])}) AND actor = @actor AND at >= @since AND at < @from`,
    )])),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/**
 * The `audit` report data source on the embedded database. Needs `report_audit_period` and
 * `report_audit_activity` from `REPORT_INDEXES_SCHEMA`. The export store supplies the message
 * count of an export whose audit entry was written before the count was known.
 */
export function createAuditSource(deps: Pick<ReportSourceDeps, 'db' | 'exports'>): ReportDataSource {
  const statements = prepareStatements(deps.db);
  return {
    name: 'audit',
    spec: AUDIT_SPEC,
    async load(parameters: ReportParameters): Promise<ReportData> {
      const range = { from: parameters.period.from.getTime(), to: parameters.period.to.getTime() };
      // One read transaction: every figure and table sees the same entries.
      const data = deps.db.transaction(() => loadAll(statements, range, parameters))();
      await fillExportCounts(data.tables.exports as ReportTable, deps.exports);
      return data;
    },
  };
}

function loadAll(s: Statements, range: Range, parameters: ReportParameters): ReportData {
  const actors = new Map<string, ActorTotals>();
  const byAction = new Map<string, number>();
  for (const row of s.byActorAction.iterate(range)) {
    const totals = actors.get(row.actor) ?? { actor: row.actor, entries: 0, activities: { search: 0, read: 0, export: 0, delete: 0 }, firstAt: row.first_at, lastAt: row.last_at };
    totals.entries += row.n;
    totals.firstAt = Math.min(totals.firstAt, row.first_at);
    totals.lastAt = Math.max(totals.lastAt, row.last_at);
    const activity = ACTIVITY_OF.get(row.action);
    if (activity !== undefined) totals.activities[activity] += row.n;
    actors.set(row.actor, totals);
    byAction.set(row.action, (byAction.get(row.action) ?? 0) + row.n);
  }
  const ranked = [...actors.values()].sort((a, b) => b.entries - a.entries || compare(a.actor, b.actor));
  const total = (activity: AuditActivity) => ranked.reduce((sum, a) => sum + a.activities[activity], 0);
  const unusual = unusualActivity(s, ranked, range);
  return {
    figures: {
      entriesInPeriod: ranked.reduce((sum, a) => sum + a.entries, 0),
      actors: ranked.length,
      searches: total('search'),
      messageReads: total('read'),
      exports: total('export'),
      deletions: total('delete'),
      refusedAuthentications: byAction.get(REFUSED_AUTHENTICATION) ?? 0,
      unusualFindings: unusual.length,
    },
    tables: {
      byActor: limitedTable(
        ranked.slice(0, DETAIL_ROWS).map((a) => ({
          actor: a.actor, entries: a.entries, searches: a.activities.search, reads: a.activities.read, exports: a.activities.export, deletions: a.activities.delete,
          firstAt: new Date(a.firstAt).toISOString(), lastAt: new Date(a.lastAt).toISOString(),
        })),
        ranked.length,
      ),
      byAction: { rows: [...byAction].sort(([a, m], [b, n]) => n - m || compare(a, b)).map(([action, entries]) => ({ action, entries })) },
      exports: limitedTable(
        s.exports.all({ ...range, limit: DETAIL_ROWS }).map((r) => ({
          at: new Date(r.at).toISOString(), actor: r.actor, exportId: r.export_id, messages: r.messages, query: r.query,
        })),
        total('export'),
      ),
      deletions: limitedTable(
        s.deletions.all({ ...range, limit: DETAIL_ROWS }).map((r) => ({ at: new Date(r.at).toISOString(), actor: r.actor, action: r.action, messages: r.messages })),
        total('delete'),
      ),
      unusual: { rows: unusual },
    },
    series: {
      entriesByDay: periodBuckets('day', parameters.period.from, parameters.period.to)
        .map((b) => ({ label: b.label, value: (s.entriesBetween.get(b) as { n: number }).n })),
    },
  };
}

/** Code-point order, as SQLite's BINARY collation sorts: the same report on every machine. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The rows of the `unusual` table. Only an actor and activity with at least the minimum in the
 * period can be flagged, so only those have their baseline counted: one index range per pair.
 */
function unusualActivity(s: Statements, actors: readonly ActorTotals[], range: Range): ReportTable['rows'] {
  const since = range.from - BASELINE_WINDOWS * (range.to - range.from);
  const flagged = actors.flatMap((a) => ACTIVITIES.flatMap((activity) => {
    const inPeriod = a.activities[activity];
    if (inPeriod < UNUSUAL_MINIMUM) return [];
    const before = (s.baseline.get(activity)?.get({ actor: a.actor, since, from: range.from }) as { n: number }).n;
    const baseline = before / BASELINE_WINDOWS;
    if (inPeriod < UNUSUAL_FACTOR * baseline) return [];
    const note = baseline === 0
      ? `no ${activity} entries in the ${BASELINE_WINDOWS} preceding periods`
      : `${(inPeriod / baseline).toFixed(1)}× the average of the ${BASELINE_WINDOWS} preceding periods`;
    return [{ actor: a.actor, activity, inPeriod, baseline: Math.round(baseline * 100) / 100, note }];
  }));
  return flagged.sort((a, b) => b.inPeriod - a.inPeriod || compare(a.actor, b.actor) || compare(a.activity, b.activity));
}

/**
 * Fills the `messages` cell of exports whose audit entry did not know it from the export records
 * (newest first), reading pages only until every export of the table is found or the records are
 * older than the table's first entry.
 */
async function fillExportCounts(table: ReportTable, exports: Pick<ExportStore, 'list'>): Promise<void> {
  const missing = new Map(table.rows.filter((row) => row.messages === null && typeof row.exportId === 'string').map((row) => [row.exportId as string, row]));
  const oldest = table.rows[0]?.at;
  if (missing.size === 0 || typeof oldest !== 'string') return;
  // An export is recorded just after its audit entry (audit before change); a day's margin covers
  // the two clocks being read a moment apart, so no record older than that can be one of them.
  const horizon = Date.parse(oldest) - DAY_MS;
  const older = (record: ExportRecord) => Date.parse(record.requestedAt) < horizon;
  for (let offset = 0; missing.size > 0; offset += EXPORT_PAGE) {
    const page = await exports.list({ limit: EXPORT_PAGE, offset });
    for (const record of page) {
      const row = missing.get(record.id);
      if (row === undefined) continue;
      row.messages = record.total;
      missing.delete(record.id);
    }
    const last = page[page.length - 1];
    if (page.length < EXPORT_PAGE || last === undefined || older(last)) return;
  }
}
