import Database from 'better-sqlite3';
import { join } from 'node:path';

export interface PipelineBacklog {
  /** Jobs waiting or running. */
  pending: number;
  /** Jobs dead-lettered. */
  dead: number;
  /** Journal events recorded (one per archived received copy). */
  archivedCopies: number;
}

/**
 * A read-only view of a running appliance's database, opened on a separate connection (WAL lets it
 * read beside the appliance's writer without blocking it). Used to see exactly when each received
 * copy became searchable: the archive index writes the `journal_events` row, the FTS row and the
 * address rows in one transaction, so a committed event means a searchable message.
 */
export class ArchiveWatch {
  private readonly db: Database.Database;
  private readonly newEvents;
  private readonly backlogQuery;
  private lastRowid = 0;

  constructor(dataDir: string) {
    this.db = new Database(join(dataDir, 'custodian.db'), { readonly: true, fileMustExist: true });
    this.db.pragma('busy_timeout = 5000');
    // journal_events has an implicit rowid that grows with each insert: read only what is new.
    this.newEvents = this.db.prepare('SELECT rowid AS r, spool_id AS s FROM journal_events WHERE rowid > ? ORDER BY rowid');
    this.backlogQuery = this.db.prepare(
      `SELECT (SELECT count(*) FROM jobs WHERE state IN ('waiting', 'active')) AS pending,
              (SELECT count(*) FROM jobs WHERE state = 'dead') AS dead,
              (SELECT count(*) FROM journal_events) AS archivedCopies`,
    );
  }

  /** Spool ids of the copies archived since the last call. */
  newlyArchived(): string[] {
    const rows = this.newEvents.all(this.lastRowid) as Array<{ r: number; s: string }>;
    const last = rows[rows.length - 1];
    if (last) this.lastRowid = last.r;
    return rows.map((row) => row.s);
  }

  backlog(): PipelineBacklog {
    return this.backlogQuery.get() as PipelineBacklog;
  }

  close(): void {
    this.db.close();
  }
}
