import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { JobHandler } from '../queue/catalogue.js';
import type { Spool } from '../spool/spool.js';
import type { Analyse } from './analysis.js';
import type { createArchiveStage } from './stages/archive/archive-stage.js';

/**
 * The pipeline's stage graph, in one place. One `ingest` job carries one received copy through:
 *
 *   spool ─▶ unjournal ─▶ parse (each original) ─▶ archive ─▶ un-spool
 *
 * Unjournal runs before parse, on the raw structure, so that each original is cut from the
 * received bytes exactly and parsed once. Unjournal and parse are CPU-bound and run in worker
 * threads (`analyse`); archive writes blobs and the index on the main thread. The spooled copy is
 * removed only after every original is archived, so a crash anywhere re-runs the job, and
 * re-running is idempotent by content.
 */
export function createIngestHandler(deps: {
  spool: Spool;
  analyse: Analyse;
  archive: ReturnType<typeof createArchiveStage>;
  logger: Logger;
}): JobHandler<'ingest'> {
  return async (job) => {
    const spooled = await deps.spool.read(job.payload.spoolId);
    if (!spooled) return; // archived and un-spooled by an earlier run of this job
    const analysis = await deps.analyse(spooled.raw, spooled.envelope);
    const archived = await deps.archive(analysis.originals, {
      spoolId: spooled.id,
      receivedSha256: createHash('sha256').update(spooled.raw).digest('hex'),
      envelope: spooled.envelope,
      journal: analysis.journal,
    });
    await deps.spool.remove(spooled.id);
    deps.logger.debug({ spoolId: spooled.id, source: analysis.journal.source, archived }, 'archived');
  };
}
