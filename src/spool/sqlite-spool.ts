import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../db/open-database.js';
import type { GroupCommit } from '../db/group-commit.js';
import type { SmtpEnvelope } from '../domain/envelope.js';
import type { SqliteJobQueue } from '../queue/sqlite/sqlite-job-queue.js';
import type { Spool, SpooledMessage } from './spool.js';

/**
 * The embedded spool: raw bytes and envelope in the SQLite database, inserted in the same
 * group-committed transaction as the `ingest` job. One WAL fsync makes a whole batch of messages
 * durable, which is how the sink keeps up with many parallel sessions.
 */
export class SqliteSpool implements Spool {
  private readonly statements;

  constructor(
    db: Db,
    private readonly writer: GroupCommit,
    private readonly queue: SqliteJobQueue,
  ) {
    this.statements = {
      insert: db.prepare(`INSERT INTO spool (id, received_at, envelope, raw) VALUES (?, ?, ?, ?)`),
      read: db.prepare(`SELECT id, envelope, raw FROM spool WHERE id = ?`),
      remove: db.prepare(`DELETE FROM spool WHERE id = ?`),
      orphans: db.prepare(`SELECT id FROM spool s WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = s.id)`),
      size: db.prepare(`SELECT count(*) AS n FROM spool`),
    };
  }

  async accept(raw: Buffer, envelope: SmtpEnvelope): Promise<string> {
    const id = uuidv7();
    await this.writer.run(() => {
      this.statements.insert.run(id, Date.parse(envelope.receivedAt), JSON.stringify(envelope), raw);
      this.queue.enqueueInTransaction('ingest', { spoolId: id }, id);
    });
    this.queue.wake();
    return id;
  }

  async read(id: string): Promise<SpooledMessage | null> {
    const row = this.statements.read.get(id) as { id: string; envelope: string; raw: Buffer } | undefined;
    return row ? { id: row.id, envelope: JSON.parse(row.envelope) as SmtpEnvelope, raw: row.raw } : null;
  }

  /**
   * Need not be durable: if a power cut loses the removal, it loses the archive commits before it
   * too (the WAL is a log), and the still-spooled message is archived again, idempotently.
   */
  async remove(id: string): Promise<void> {
    await this.writer.run(() => this.statements.remove.run(id), { durable: false });
  }

  async recover(): Promise<number> {
    return this.writer.run(() => {
      const orphans = this.statements.orphans.all() as Array<{ id: string }>;
      for (const { id } of orphans) this.queue.enqueueInTransaction('ingest', { spoolId: id }, id);
      return orphans.length;
    });
  }

  async size(): Promise<number> {
    return (this.statements.size.get() as { n: number }).n;
  }
}
