import type { Db } from '../../db/open-database.js';
import type { ReportData, ReportDataSource, ReportDataSpec, ReportParameters, ReportSourceDeps } from '../report-data.js';
import { DAY_MS, seriesOver, weekOf, weeksOfPeriod } from './buckets.js';
import { DETAIL_ROWS, limitedTable } from './detail-table.js';

/**
 * The DLP incident report's data: the incidents created in the period by rule, severity, sender,
 * sender domain (the department or organisation the mail came from) and week, open against
 * reviewed. "Reviewed" is every incident a reviewer has decided (status `reviewed` or
 * `dismissed`); statuses are as they stand when the report is generated.
 */
export const DLP_SPEC: ReportDataSpec = {
  figures: ['incidentsInPeriod', 'openIncidents', 'reviewedIncidents', 'rulesFired', 'highOrCriticalIncidents'],
  tables: {
    byRule: ['rule', 'severity', 'incidents', 'open', 'reviewed'],
    bySeverity: ['severity', 'incidents'],
    bySender: ['sender', 'incidents'],
    byDomain: ['domain', 'incidents'],
    byWeek: ['week', 'incidents', 'open', 'reviewed'],
  },
  series: ['incidentsByWeek', 'topRules'],
  needsCase: false,
};

/** Rows of `bySender` and of `byDomain`: the top ones, with `totalRows` when there are more. */
const TOP_SENDERS = 50;
/** Points of the `topRules` chart. */
const TOP_RULES = 10;

/** The severity cell of incidents without one (a spam rule with an `incident` action). */
export const NO_SEVERITY = '(none)';
/** The sender (and domain) cell of incidents whose message has neither a From nor a journal sender. */
export const NO_SENDER = '(no sender)';
/** The sender (and domain) cell of incidents whose message has since been deleted (retention or erasure). */
export const DELETED_MESSAGE = '(message deleted)';

/** Most serious first, as the report lists them; incidents without a severity come last. */
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'] as const;

type Range = { from: number; to: number };
type Limited = Range & { limit: number };
interface Totals { incidents: number; open: number; rules: number; highOrCritical: number }
interface RuleRow { rule: string; severity: string | null; incidents: number; open: number; total_rows: number }
interface KeyRow { key: string | null; incidents: number }
interface SenderRow { kind: 'sender' | 'domain'; key: string; incidents: number; total_rows: number }
interface DayRow { day: number; incidents: number; open: number }

/**
 * The report's SQL. Every statement reads one range of `report_incidents_period` (created_at
 * first, then the columns the statements need), so its cost follows the incidents in the period,
 * not the archive; grouping happens in SQLite and only aggregated rows reach JavaScript.
 */
function prepareStatements(db: Db) {
  const inPeriod = 'created_at >= @from AND created_at < @to';
  const incidents = 'incidents INDEXED BY report_incidents_period';
  // The sender of an incident's message: its From header address, else the journal's sender —
  // each a probe of message_addresses' primary key (message_rowid, field, address).
  const sender = `CASE WHEN m.rowid IS NULL THEN '${DELETED_MESSAGE}' ELSE coalesce(
      (SELECT min(address) FROM message_addresses WHERE message_rowid = m.rowid AND field = 'from'),
      (SELECT min(address) FROM message_addresses WHERE message_rowid = m.rowid AND field = 'journal-sender'),
      '${NO_SENDER}') END`;
  const domain = `CASE WHEN instr(sender, '@') > 0 THEN substr(sender, instr(sender, '@') + 1) ELSE sender END`;
  return {
    totals: db.prepare<Range, Totals>(
      `SELECT count(*) AS incidents, coalesce(sum(status = 'open'), 0) AS open, count(DISTINCT rule_id) AS rules,
         coalesce(sum(severity IN ('high', 'critical')), 0) AS highOrCritical
       FROM ${incidents} WHERE ${inPeriod}`,
    ),
    // count(*) OVER () runs after GROUP BY: the number of groups, before the LIMIT.
    byRule: db.prepare<Limited, RuleRow>(
      `SELECT rule_id AS rule, severity, count(*) AS incidents, sum(status = 'open') AS open, count(*) OVER () AS total_rows
       FROM ${incidents} WHERE ${inPeriod}
       GROUP BY rule_id, severity ORDER BY incidents DESC, rule_id, severity LIMIT @limit`,
    ),
    topRules: db.prepare<Limited, KeyRow>(
      `SELECT rule_id AS key, count(*) AS incidents FROM ${incidents} WHERE ${inPeriod}
       GROUP BY rule_id ORDER BY incidents DESC, rule_id LIMIT @limit`,
    ),
    bySeverity: db.prepare<Range, KeyRow>(
      `SELECT severity AS key, count(*) AS incidents FROM ${incidents} WHERE ${inPeriod} GROUP BY severity`,
    ),
    byDay: db.prepare<Range, DayRow>(
      `SELECT created_at / ${DAY_MS} AS day, count(*) AS incidents, sum(status = 'open') AS open
       FROM ${incidents} WHERE ${inPeriod} GROUP BY day`,
    ),
    // The message lookups are the expensive part (a random probe per incident), so they run once:
    // incidents per sender are materialised, and both top lists are read from that small set.
    sendersAndDomains: db.prepare<Limited, SenderRow>(
      `WITH per_sender AS MATERIALIZED (
         SELECT sender, count(*) AS incidents FROM (
           SELECT ${sender} AS sender FROM incidents i INDEXED BY report_incidents_period
           LEFT JOIN messages m ON m.id = i.message_id WHERE i.created_at >= @from AND i.created_at < @to)
         GROUP BY sender)
       SELECT 'sender' AS kind, * FROM (
         SELECT sender AS key, incidents, count(*) OVER () AS total_rows FROM per_sender
         ORDER BY incidents DESC, key LIMIT @limit)
       UNION ALL
       SELECT 'domain' AS kind, * FROM (
         SELECT ${domain} AS key, sum(incidents) AS incidents, count(*) OVER () AS total_rows FROM per_sender
         GROUP BY key ORDER BY incidents DESC, key LIMIT @limit)`,
    ),
  };
}

/**
 * The `dlp` report data source on the embedded database. Needs the index `report_incidents_period`
 * of `REPORT_INDEXES_SCHEMA` (it names it, so a missing index is an error, not a slow report).
 */
export function createDlpSource(deps: Pick<ReportSourceDeps, 'db'>): ReportDataSource {
  const statements = prepareStatements(deps.db);
  return {
    name: 'dlp',
    spec: DLP_SPEC,
    async load(parameters: ReportParameters): Promise<ReportData> {
      const range = { from: parameters.period.from.getTime(), to: parameters.period.to.getTime() };
      // One read transaction: every figure and table sees the same incidents and statuses.
      return deps.db.transaction(() => loadAll(statements, range))();
    },
  };
}

function loadAll(s: ReturnType<typeof prepareStatements>, range: Range): ReportData {
  const totals = s.totals.get(range) as Totals;
  const rules = s.byRule.all({ ...range, limit: DETAIL_ROWS });
  const severities = new Map(s.bySeverity.all(range).map((row) => [row.key ?? NO_SEVERITY, row.incidents]));
  const top = s.sendersAndDomains.all({ ...range, limit: TOP_SENDERS });
  const senders = top.filter((row) => row.kind === 'sender');
  const domains = top.filter((row) => row.kind === 'domain');
  const weeks = weekRows(s.byDay.all(range), range);
  return {
    figures: {
      incidentsInPeriod: totals.incidents,
      openIncidents: totals.open,
      reviewedIncidents: totals.incidents - totals.open,
      rulesFired: totals.rules,
      highOrCriticalIncidents: totals.highOrCritical,
    },
    tables: {
      byRule: limitedTable(
        rules.map((r) => ({ rule: r.rule, severity: r.severity ?? NO_SEVERITY, incidents: r.incidents, open: r.open, reviewed: r.incidents - r.open })),
        rules[0]?.total_rows ?? 0,
      ),
      // Every severity is listed, zero or not, so the table reads the same in every period.
      bySeverity: {
        rows: [...SEVERITY_ORDER, ...(severities.has(NO_SEVERITY) ? [NO_SEVERITY] : [])]
          .map((severity) => ({ severity, incidents: severities.get(severity) ?? 0 })),
      },
      bySender: limitedTable(senders.map((r) => ({ sender: r.key, incidents: r.incidents })), senders[0]?.total_rows ?? 0),
      byDomain: limitedTable(domains.map((r) => ({ domain: r.key, incidents: r.incidents })), domains[0]?.total_rows ?? 0),
      byWeek: { rows: weeks.map((w) => ({ week: w.week, incidents: w.incidents, open: w.open, reviewed: w.incidents - w.open })) },
    },
    series: {
      incidentsByWeek: weeks.map((w) => ({ label: w.week, value: w.incidents })),
      topRules: s.topRules.all({ ...range, limit: TOP_RULES }).map((r) => ({ label: r.key ?? '', value: r.incidents })),
    },
  };
}

/**
 * Every week of the period, zeros included so the trend has no gaps: SQLite groups by UTC day (at
 * most a few hundred rows) and the days are folded into their ISO weeks here.
 */
function weekRows(days: DayRow[], range: Range): Array<{ week: string; incidents: number; open: number }> {
  const labels = weeksOfPeriod(new Date(range.from), new Date(range.to));
  const weekOfDay = (row: DayRow) => weekOf(new Date(row.day * DAY_MS));
  const incidents = seriesOver(labels, days.map((row) => ({ label: weekOfDay(row), value: row.incidents })));
  const open = seriesOver(labels, days.map((row) => ({ label: weekOfDay(row), value: row.open })));
  return incidents.map((point, i) => ({ week: point.label, incidents: point.value, open: open[i]?.value ?? 0 }));
}
