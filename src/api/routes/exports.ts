import { randomUUID } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../../audit/audit-log.js';
import { requestSource } from '../../audit/audit-source.js';
import { ExportNotFoundError, ExportStateError, InvalidExportError } from '../../discovery/export/export-errors.js';
import type { ExportService } from '../../discovery/export/export-service.js';
import { EXPORT_FORMATS, type ExportFile } from '../../discovery/export/export-store.js';
import { CaseNotFoundError } from '../../holds/holds-errors.js';
import { AppError } from '../app-error.js';
import { principalOf, type RequireRole } from '../auth-middleware.js';

export interface ExportsRouteDeps {
  exports: ExportService;
  audit: AuditLog;
  requireRole: RequireRole;
}

export const newExportSchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS),
  /** Export within this case (its scope); required for `reviewTag` and for a whole-case export. */
  caseId: z.uuid().optional(),
  /** Search-language text; within the case when `caseId` is given. */
  query: z.string().max(4000).optional(),
  /** Only the case's messages with this review tag. */
  reviewTag: z.string().min(1).max(64).optional(),
});

export const exportIdParamsSchema = z.strictObject({ id: z.uuid() });
export const exportFileParamsSchema = z.strictObject({ id: z.uuid(), name: z.string().regex(/^[a-z0-9.-]+$/) });

export const listExportsQuerySchema = z.strictObject({
  /** Page size. Default 50. */
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  /** Rows to skip. Default 0. */
  offset: z.coerce.number().int().min(0).default(0),
  /** Only this case's exports. */
  caseId: z.uuid().optional(),
});

const CONTENT_TYPES: Record<string, string> = { zip: 'application/zip', mbox: 'application/mbox', csv: 'text/csv; charset=utf-8', json: 'application/json' };

/**
 * E-discovery exports: officers request and cancel them; officers and auditors list, read and
 * download them. A request or cancel is audited before it is applied; a download is audited with
 * the file's SHA-256 (from the custody record) before the first byte is sent. Files are served
 * only from completed exports, and only those the export record lists.
 */
export function createExportsRouter(deps: ExportsRouteDeps): Router {
  const { exports, audit, requireRole } = deps;
  const router = Router();

  router.post('/exports', requireRole('officer'), async (req, res) => {
    const body = newExportSchema.parse(req.body);
    const selection = { caseId: body.caseId ?? null, query: body.query ?? null, reviewTag: body.reviewTag ?? null };
    await exports.validate(selection).catch(mapError);
    const actor = principalOf(req).name;
    const id = randomUUID();
    const source = requestSource(req);
    await audit.append({ actor, action: 'export.request', source, detail: { exportId: id, format: body.format, ...selection } });
    const record = await exports.request({ id, format: body.format, selection, requestedBy: actor, requestSource: source }).catch(mapError);
    res.status(202).json(record);
  });

  router.get('/exports', requireRole('officer', 'auditor'), async (req, res) => {
    const { limit, offset, caseId } = listExportsQuerySchema.parse(req.query);
    const items = await exports.list({ limit, offset, ...(caseId === undefined ? {} : { caseId }) });
    await audit.append({ actor: principalOf(req).name, action: 'export.list', source: requestSource(req), detail: { limit, offset, caseId: caseId ?? null, returnedIds: items.map((e) => e.id) } });
    res.json({ items, limit, offset });
  });

  router.get('/exports/:id', requireRole('officer', 'auditor'), async (req, res) => {
    const { id } = exportIdParamsSchema.parse(req.params);
    const record = await exports.get(id);
    if (record === null) throw new AppError('not_found', 'No such export.');
    await audit.append({ actor: principalOf(req).name, action: 'export.read', source: requestSource(req), detail: { exportId: id } });
    res.json(record);
  });

  router.post('/exports/:id/cancel', requireRole('officer'), async (req, res) => {
    const { id } = exportIdParamsSchema.parse(req.params);
    const record = await exports.get(id);
    if (record === null) throw new AppError('not_found', 'No such export.');
    if (!['queued', 'running'].includes(record.status)) throw invalidState(record.status);
    const actor = principalOf(req).name;
    await audit.append({ actor, action: 'export.cancel', source: requestSource(req), detail: { exportId: id, statusBefore: record.status } });
    res.json(await exports.cancel({ id, actor }).catch(mapError));
  });

  router.get('/exports/:id/files/:name', requireRole('officer', 'auditor'), async (req, res) => {
    const { id, name } = exportFileParamsSchema.parse(req.params);
    const found = await exports.file(id, name).catch(mapError);
    if (found === null) throw new AppError('not_found', 'No such file in this export.');
    const { file, path } = found;
    // The file served is the one checked: opened once, its size checked on the open handle.
    const handle = await openChecked(path, file);
    try {
      await audit.append({ actor: principalOf(req).name, action: 'export.download', source: requestSource(req), detail: { exportId: id, file: name, size: file.size, sha256: file.sha256 } });
    } catch (error) {
      await handle.close();
      throw error;
    }
    res.status(200).set({
      'Content-Type': CONTENT_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream',
      'Content-Length': String(file.size),
      'Content-Disposition': `attachment; filename="${id}-${name}"`,
      'X-Content-SHA256': file.sha256,
      'X-Content-Type-Options': 'nosniff',
    });
    await pipeline(handle.createReadStream(), res);
  });

  return router;
}

/** Opens an export file; one whose size differs from its custody record was altered or damaged: withheld, not served. */
async function openChecked(path: string, file: ExportFile): Promise<FileHandle> {
  const handle = await open(path, 'r').catch(() => null);
  if (handle === null) throw new AppError('not_found', 'The export file is no longer on disk.');
  const { size } = await handle.stat();
  if (size !== file.size) {
    await handle.close();
    throw new AppError('integrity_failure', 'The export file no longer matches its chain-of-custody record and was withheld.');
  }
  return handle;
}

/** The export is not in a state that allows this (a cancel of a finished export, a download of an unfinished one). */
function invalidState(status: string): AppError {
  return new AppError('invalid_state', `The export is ${status}.`, { details: { status } });
}

function mapError(error: unknown): never {
  if (error instanceof InvalidExportError) throw new AppError('invalid_request', error.message);
  if (error instanceof CaseNotFoundError) throw new AppError('not_found', 'No such case.');
  if (error instanceof ExportNotFoundError) throw new AppError('not_found', 'No such export.');
  if (error instanceof ExportStateError) throw invalidState(error.status);
  throw error;
}
