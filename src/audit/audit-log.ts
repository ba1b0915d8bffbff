/** One thing someone did that a compliance officer may later have to account for. */
export interface AuditEntry {
  /** Who did it: the API token's name, `cli:<os user>`, or a system component such as `retention`. */
  actor: string;
  /** Dotted verb, e.g. `search`, `message.read`, `queue.retry`. */
  action: string;
  /**
   * From where: the client IP of an API request (`requestSource(req)`), `cli:<os user>` for the
   * CLI (`cliSource()`), `system` for scheduled and background work (`SYSTEM_SOURCE`); see
   * `audit-source.ts`.
   */
  source: string;
  /** What exactly was done (query text, ids returned, …); stored as canonical JSON. */
  detail: Record<string, unknown>;
}

/** An entry as stored: numbered and timestamped by the log, never by the caller. */
export interface AuditRecord extends AuditEntry {
  /** Strictly increasing; gaps are possible, reuse is not. Page with `afterSeq`. */
  seq: number;
  /** ISO-8601 time the entry was appended (millisecond precision, UTC). */
  at: string;
}

export interface AuditListOptions {
  /** Maximum records returned. */
  limit: number;
  /** Only records with `seq` greater than this. Default: from the start. */
  afterSeq?: number;
  /** Only records with exactly this action. Default: every action. */
  action?: string;
}

/**
 * The audit trail port. Append-only by contract (the SQLite adapter also enforces it with
 * triggers, and hash-chains every entry). `append` resolves only once the entry is durable, so
 * callers can await it before serving what they are auditing and fail closed when it rejects.
 */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Oldest first. */
  list(options: AuditListOptions): Promise<AuditRecord[]>;
}
