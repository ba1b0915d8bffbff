import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../../audit/audit-log.js';
import { requestSource } from '../../audit/audit-source.js';
import { CaseNotFoundError } from '../../holds/holds-errors.js';
import { InvalidReportRequestError, ReportFileAlteredError, ReportNotReadyError, ReportRunNotFoundError, UnknownReportError } from '../../reports/report-errors.js';
import { reportDateSchema } from '../../reports/report-request-schema.js';
import type { ReportService } from '../../reports/report-service.js';
import { AppError } from '../app-error.js';
import { principalOf, type RequireRole } from '../auth-middleware.js';

export interface ReportsRouteDeps {
  reports: Pick<ReportService, 'reports' | 'request' | 'get' | 'list' | 'openFile'>;
  /** Reads of runs are audited here; requests and downloads by the service. */
  audit: AuditLog;
  requireRole: RequireRole;
}

export const reportNameParamsSchema = z.strictObject({ name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a report id such as retention') });
export const runIdParamsSchema = z.strictObject({ id: z.uuid() });

export const newRunBodySchema = z
  .strictObject({
    /** Start of the period (inclusive): ISO-8601 date or date-time with offset. */
    from: reportDateSchema,
    /** End of the period (exclusive). */
    to: reportDateSchema,
    /** The case, for a case report. */
    caseId: z.uuid().optional(),
  })
  .refine((body) => body.from < body.to, { path: ['to'], message: 'must be after from (to is exclusive)' });

export const listRunsQuerySchema = z.strictObject({
  /** Page size. Default 50. */
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  /** Rows to skip. Default 0. */
  offset: z.coerce.number().int().min(0).default(0),
  /** Only runs of this report. Default: every report. */
  report: z.string().min(1).optional(),
});

/**
 * PDF reports: the reports on offer (every role), runs requested by officers and auditors and
 * rendered by the `report` job (202 with the queued run), their state, and their files. The
 * service audits each request (`report.generate`) before recording it, and each download
 * (`report.download`, with the PDF's SHA-256) before the first byte is sent; reads of runs are
 * audited here after the read, before the answer, with the ids returned.
 */
export function createReportsRouter(deps: ReportsRouteDeps): Router {
  const { reports, audit, requireRole } = deps;
  const router = Router();

  router.get('/reports', requireRole('officer', 'auditor', 'admin'), (_req, res) => {
    res.json({ items: reports.reports() });
  });

  router.post('/reports/:name/runs', requireRole('officer', 'auditor'), async (req, res) => {
    const { name } = reportNameParamsSchema.parse(req.params);
    const body = newRunBodySchema.parse(req.body);
    const run = await reports
      .request({
        report: name,
        period: { from: body.from, to: body.to },
        ...(body.caseId === undefined ? {} : { caseId: body.caseId }),
        actor: principalOf(req).name,
        source: requestSource(req),
      })
      .catch(toAppError);
    res.status(202).location(`/api/v1/report-runs/${run.id}`).json(run);
  });

  router.get('/report-runs', requireRole('officer', 'auditor'), async (req, res) => {
    const { limit, offset, report } = listRunsQuerySchema.parse(req.query);
    const items = await reports.list({ limit, offset, ...(report === undefined ? {} : { report }) });
    await audit.append({ actor: principalOf(req).name, action: 'report.runs', source: requestSource(req), detail: { limit, offset, report: report ?? null, returnedIds: items.map((run) => run.id) } });
    res.json({ items, limit, offset });
  });

  router.get('/report-runs/:id', requireRole('officer', 'auditor'), async (req, res) => {
    const { id } = runIdParamsSchema.parse(req.params);
    const run = await reports.get(id);
    if (run === null) throw new AppError('not_found', 'No such report run.');
    await audit.append({ actor: principalOf(req).name, action: 'report.run.read', source: requestSource(req), detail: { runId: id } });
    res.json(run);
  });

  router.get('/report-runs/:id/file', requireRole('officer', 'auditor'), (req, res) => download(req, res, 'pdf'));
  router.get('/report-runs/:id/file.sig.json', requireRole('officer', 'auditor'), (req, res) => download(req, res, 'signature'));

  async function download(req: Request, res: Response, kind: 'pdf' | 'signature'): Promise<void> {
    const { id } = runIdParamsSchema.parse(req.params);
    const file = await reports.openFile(id, kind, { actor: principalOf(req).name, source: requestSource(req) }).catch(toAppError);
    res.status(200).set({
      'Content-Type': file.contentType,
      'Content-Length': String(file.size),
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'X-Report-SHA256': file.sha256,
      'X-Content-Type-Options': 'nosniff',
    });
    await pipeline(file.stream, res);
  }

  return router;
}

function toAppError(error: unknown): never {
  if (error instanceof UnknownReportError) throw new AppError('not_found', 'No such report.', { details: { reports: [...error.known] } });
  if (error instanceof ReportRunNotFoundError) throw new AppError('not_found', 'No such report run.');
  if (error instanceof CaseNotFoundError) throw new AppError('not_found', 'No such case.');
  if (error instanceof InvalidReportRequestError) throw new AppError('invalid_request', error.message);
  if (error instanceof ReportFileAlteredError) throw new AppError('integrity_failure', 'The report file no longer matches what was written and was withheld.');
  if (error instanceof ReportNotReadyError) throw new AppError('invalid_state', 'The report run has no file yet.', { details: { state: error.state } });
  throw error;
}
