/**
 * Migration 4 part: indexes the report data sources need to stay fast over a large archive. Each
 * source's statements are grouped under its name; `IF NOT EXISTS` so a test can apply the part to
 * a database whose migrations may already hold it.
 */
export const REPORT_INDEXES_SCHEMA = `
  -- dlp: every figure and table of the DLP report reads the incidents created in a period. This
  -- index covers those reads (rule, severity, status, message), so they never touch the table's
  -- rows, whose status and created_at columns sit after the large evidence JSON.
  CREATE INDEX IF NOT EXISTS report_incidents_period ON incidents (created_at, rule_id, severity, status, message_id);

  -- retention: messages and expiries per policy, one covering range per policy, instead of
  -- grouping a million assignments in a temporary b-tree.
  CREATE INDEX IF NOT EXISTS report_retention_policy ON retention_assignments (policy_id, expires_at);

  -- integrity: ledger entries appended before the period's end and per week of it (the ledger is
  -- keyed by seq only), and the checkpoints signed in the period.
  CREATE INDEX IF NOT EXISTS report_ledger_at ON ledger (at);
  CREATE INDEX IF NOT EXISTS report_checkpoints_created ON ledger_checkpoints (created_at);

  -- audit: the aggregates of the audit report (by actor, by action, by day) read the entries of the
  -- period, covered by the first index without touching the rows' detail JSON. The second serves
  -- one kind of entry (exports, deletions: rare) and one actor's activity of one kind over the four
  -- periods before (the unusual-activity baseline: a seek, not a scan of everyone's history).
  CREATE INDEX IF NOT EXISTS report_audit_period ON audit_log (at, actor, action);
  CREATE INDEX IF NOT EXISTS report_audit_activity ON audit_log (action, actor, at);
`;
