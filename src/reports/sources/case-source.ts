import type { CaseEvent, CaseReview } from '../../discovery/case-review/case-review.js';
import { isExportFile } from '../../discovery/export/export-body.js';
import type { ExportRecord, ExportStore } from '../../discovery/export/export-store.js';
import { CaseNotFoundError } from '../../holds/holds-errors.js';
import type { ReportCell, ReportData, ReportDataSource, ReportDataSpec, ReportParameters, ReportSourceDeps } from '../report-data.js';
import { InvalidReportRequestError } from '../report-errors.js';
import { summariseCaseEvent } from './case-event-summary.js';
import { DETAIL_ROWS, limitedTable } from './detail-table.js';

/**
 * The e-discovery case report's data: what counsel attaches to a production. The case, its
 * custodians, holds, review-tag counts and messages by month are as they stand when the report is
 * generated; the activity — searches run, exports completed, timeline events — is what happened
 * in the period `[from, to)`.
 */
export const CASE_SPEC: ReportDataSpec = {
  figures: [
    'caseId', 'caseName', 'description', 'createdBy', 'createdAt', 'custodians',
    'messagesInScope', 'heldMessages', 'savedSearches', 'exportsCompleted',
  ],
  tables: {
    custodians: ['custodian', 'messages'],
    holds: ['holdId', 'placedAt', 'placedBy', 'reason', 'releasedAt', 'releasedBy', 'releaseReason'],
    searches: ['ranAt', 'ranBy', 'query', 'hitCount'],
    reviewTags: ['tag', 'messages'],
    exports: ['exportId', 'format', 'requestedBy', 'finishedAt', 'messages', 'sha256'],
    timeline: ['at', 'actor', 'action', 'summary'],
  },
  series: ['messagesByMonth'],
  needsCase: true,
};

/** Export records and timeline events read per call to the ports. */
const PAGE = 200;

type Rows = Array<Record<string, ReportCell>>;

/** What the case source reads: the case and holds, its review work, and its exports. */
export type CaseSourceDeps = Pick<ReportSourceDeps, 'holds' | 'caseReview' | 'exports'>;

/**
 * The `case` report data source. It goes through the ports only (LegalHolds, CaseReview,
 * ExportStore), whose case-scoped counts already run as indexed aggregations; exports and the
 * timeline are read a page at a time and at most `DETAIL_ROWS` of each are kept.
 * @throws InvalidReportRequestError without `caseId`; CaseNotFoundError for an unknown case.
 */
export function createCaseSource(deps: CaseSourceDeps): ReportDataSource {
  return {
    name: 'case',
    spec: CASE_SPEC,
    load: (parameters) => loadCase(deps, parameters),
  };
}

async function loadCase(deps: CaseSourceDeps, parameters: ReportParameters): Promise<ReportData> {
  const { caseId } = parameters;
  if (caseId === undefined) throw new InvalidReportRequestError('the case report is about one case: name it');
  const detail = await deps.holds.getCase(caseId);
  if (detail === null) throw new CaseNotFoundError(caseId);
  const inPeriod = periodTest(parameters);
  const [counts, allSearches, exports, timeline] = await Promise.all([
    deps.caseReview.counts(caseId, null),
    deps.caseReview.listSearches(caseId),
    completedExports(deps.exports, caseId, inPeriod),
    timelineInPeriod(deps.caseReview, caseId, inPeriod),
  ]);
  const searches = allSearches.filter((s) => inPeriod(s.ranAt));
  const legalCase = detail.case;
  return {
    figures: {
      caseId: legalCase.id,
      caseName: legalCase.name,
      description: legalCase.description,
      createdBy: legalCase.createdBy,
      createdAt: legalCase.createdAt,
      custodians: legalCase.custodians.length,
      messagesInScope: counts.total,
      heldMessages: detail.heldMessageCount,
      savedSearches: searches.length,
      exportsCompleted: exports.total,
    },
    tables: {
      custodians: { rows: counts.byCustodian.map((c) => ({ custodian: c.key, messages: c.count })) },
      holds: {
        rows: detail.holds.map((h) => ({
          holdId: h.id, placedAt: h.placedAt, placedBy: h.placedBy, reason: h.reason,
          releasedAt: h.releasedAt, releasedBy: h.releasedBy, releaseReason: h.releaseReason,
        })),
      },
      searches: limitedTable(
        searches.slice(0, DETAIL_ROWS).map((s) => ({ ranAt: s.ranAt, ranBy: s.ranBy, query: s.query, hitCount: s.hitCount })),
        searches.length,
      ),
      reviewTags: { rows: counts.byReviewTag.map((t) => ({ tag: t.key, messages: t.count })) },
      exports: limitedTable(exports.rows, exports.total),
      timeline: limitedTable(timeline.rows, timeline.total),
    },
    series: {
      messagesByMonth: counts.byMonth.map((m) => ({ label: m.key, value: m.count })),
    },
  };
}

/** Whether an ISO-8601 instant falls in the report's `[from, to)`. */
function periodTest(parameters: ReportParameters): (iso: string | null) => boolean {
  const from = parameters.period.from.getTime();
  const to = parameters.period.to.getTime();
  return (iso) => {
    if (iso === null) return false;
    const ms = Date.parse(iso);
    return ms >= from && ms < to;
  };
}

/**
 * The case's exports completed in the period, oldest first, with the SHA-256 of each one's export
 * file (the ZIP or mbox, as its chain-of-custody record lists it). The store lists newest first by
 * offset; ids already seen are skipped, in case an export requested meanwhile shifted a page.
 */
async function completedExports(store: Pick<ExportStore, 'list'>, caseId: string, inPeriod: (iso: string | null) => boolean): Promise<{ rows: Rows; total: number }> {
  const kept: ExportRecord[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.list({ limit: PAGE, offset, caseId });
    for (const record of page) {
      if (seen.has(record.id) || record.status !== 'completed' || !inPeriod(record.finishedAt)) continue;
      seen.add(record.id);
      total += 1;
      // Newest first: the newest DETAIL_ROWS are kept when there are more.
      if (kept.length < DETAIL_ROWS) kept.push(record);
    }
    if (page.length < PAGE) break;
  }
  kept.sort((a, b) => (a.finishedAt ?? '').localeCompare(b.finishedAt ?? '') || a.id.localeCompare(b.id));
  return {
    total,
    rows: kept.map((record) => ({
      exportId: record.id,
      format: record.format,
      requestedBy: record.requestedBy,
      finishedAt: record.finishedAt,
      messages: record.total,
      // One hash per export file: an export of more than one ZIP volume lists each, in order.
      sha256: record.files.filter((file) => isExportFile(record.format, file.name)).map((file) => file.sha256).join(' ') || null,
    })),
  };
}

/**
 * The case's timeline events in the period, oldest first, one line each. The port pages by
 * sequence number from the start, so the whole timeline is walked a page at a time (bounded
 * memory) and the first `DETAIL_ROWS` in the period are kept.
 */
async function timelineInPeriod(caseReview: Pick<CaseReview, 'timeline'>, caseId: string, inPeriod: (iso: string | null) => boolean): Promise<{ rows: Rows; total: number }> {
  const rows: Rows = [];
  let total = 0;
  let afterSeq = 0;
  for (;;) {
    const page: CaseEvent[] = await caseReview.timeline(caseId, { limit: PAGE, afterSeq });
    for (const event of page) {
      if (!inPeriod(event.at)) continue;
      total += 1;
      if (rows.length < DETAIL_ROWS) rows.push({ at: event.at, actor: event.actor, action: event.action, summary: summariseCaseEvent(event) });
    }
    const last = page[page.length - 1];
    if (last === undefined || page.length < PAGE) break;
    afterSeq = last.seq;
  }
  return { rows, total };
}
