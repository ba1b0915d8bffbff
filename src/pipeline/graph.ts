import type { Logger } from 'pino';
import type { ArchiveDocument } from '../domain/archive-record.js';
import type { JobHandler } from '../queue/catalogue.js';
import type { Spool } from '../spool/spool.js';
import type { Analyse } from './analysis.js';
import type { createIndexStage } from './stages/archive/index-originals.js';

/**
 * The pipeline's stage graph, in one place. One `ingest` job carries one received copy through:
 *
 *   spool ─▶ [worker thread: unjournal ─▶ parse ─▶ classify ─▶ store] ─▶ index ─▶ notices ─▶ un-spool
 *
 * Unjournal runs before parse, on the raw structure, so each original is cut from the received
 * bytes exactly and parsed once. Archiving is split where the work is: the worker that holds the
 * bytes stores them (blob store, fsync'd), the main thread, which owns the database, indexes them.
 * Classify extracts attachment text and runs the spam and DLP rules; its verdict is indexed with
 * the message, and incidents are raised in the same transaction. Notices for `notify` actions are
 * enqueued as jobs of their own once the message is indexed, so a relay outage delays a notice,
 * never the archive. The spooled copy is removed only after all that, so a crash anywhere re-runs
 * the job, and re-running is idempotent by content.
 */
export function createIngestHandler(deps: {
  spool: Spool;
  analyse: Analyse;
  index: ReturnType<typeof createIndexStage>;
  /** Enqueues the `notify` jobs a newly classified message asks for (idempotent by job id). */
  enqueueNotices: (document: ArchiveDocument) => Promise<void>;
  logger: Logger;
}): JobHandler<'ingest'> {
  return async (job) => {
    const spooled = await deps.spool.read(job.payload.spoolId);
    if (!spooled) return; // archived and un-spooled by an earlier run of this job
    const analysis = await deps.analyse(spooled.raw, spooled.envelope);
    const indexed = await deps.index(analysis.originals, {
      spoolId: spooled.id,
      receivedSha256: analysis.receivedSha256,
      envelope: spooled.envelope,
      journal: analysis.journal,
    });
    for (const original of indexed) {
      if (original.classifiedByThisCopy) await deps.enqueueNotices(original.document);
    }
    await deps.spool.remove(spooled.id);
    deps.logger.debug({ spoolId: spooled.id, source: analysis.journal.source, indexed: indexed.map(({ id, outcome }) => ({ id, outcome })) }, 'archived');
  };
}
