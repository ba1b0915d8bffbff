/**
 * Child process of bench:report: renders one report on the benchmark database through the real
 * ReportService and sends its figures to the parent. One process per report, so each report's
 * peak RSS is its own (getrusage's maximum never goes down).
 */
import { join } from 'node:path';
import { openDatabase } from '../../src/db/open-database.js';
import { openReportService } from './open-report-service.js';

export interface MeasureRequest {
  dbFile: string;
  workDir: string;
  report: string;
  from: string;
  to: string;
  caseId: string | null;
}

export interface ReportFigures {
  report: string;
  seconds: number;
  /** getrusage maximum resident set of the process, in MiB (includes mapped database pages). */
  peakRssMiB: number;
  /** RSS just before rendering (database open, definitions loaded). */
  baselineRssMiB: number;
  pdfBytes: number;
  sha256: string;
}

const request = JSON.parse(process.argv[2] ?? '{}') as MeasureRequest;
const db = openDatabase(request.dbFile);
const { service, close } = await openReportService(db, request.workDir);
const baselineRssMiB = process.memoryUsage().rss / 2 ** 20;
const started = performance.now();
const written = await service.generate(
  { report: request.report, period: { from: new Date(request.from), to: new Date(request.to) }, ...(request.caseId === null ? {} : { caseId: request.caseId }), actor: 'bench', source: 'system' },
  join(request.workDir, `${request.report}.pdf`),
);
const seconds = (performance.now() - started) / 1000;
const figures: ReportFigures = {
  report: request.report, seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024, baselineRssMiB, pdfBytes: written.size, sha256: written.sha256,
};
await close();
db.close();
process.send?.(figures);
