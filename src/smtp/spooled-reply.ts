/**
 * The text of the `250` the sink gives once a message is durable. It names the spool id, so a
 * mail server's log line can be traced to the copy Custodian holds (`journal_events.spool_id`).
 * It does not say "archived": archiving follows, from the spool.
 */
export function spooledReply(spoolId: string): string {
  return `2.0.0 Stored durably, spool id ${spoolId}`;
}

/** The spool id in a reply made by `spooledReply` (for tests, benchmarks and log tooling). */
export function spoolIdFromReply(reply: string): string | null {
  return /Stored durably, spool id (\S+)/.exec(reply)?.[1] ?? null;
}
