/**
 * Migration 3 part: the audit log's source column and its hash chain.
 *
 * The chain lives in its own append-only table rather than in columns of `audit_log`: rows written
 * before this migration must be chained too, and giving them hashes in place would mean UPDATEs
 * that the append-only triggers refuse (weakening those triggers, even for a moment, is exactly
 * what the chain is meant to make unnecessary to trust). The adapter therefore chains, in `seq`
 * order and in the same transaction as each append, every `audit_log` row not yet in
 * `audit_chain`; at its first start after this migration that covers the whole older history.
 */
export const AUDIT_CHAIN_SCHEMA = `
  -- From where: the client IP of an API request, cli:<os user> for the CLI, system for scheduled
  -- jobs. Rows written before this column existed did not record it.
  ALTER TABLE audit_log ADD COLUMN source TEXT NOT NULL DEFAULT 'unrecorded';
  -- Exports select a time range: its first and last seq are found through this index.
  CREATE INDEX audit_log_at ON audit_log (at);

  -- One link per audit_log row: entry_hash = SHA-256(prev_hash bytes || canonical entry JSON),
  -- see src/audit/audit-chain.ts. prev_hash is kept (not only implied by the previous row) so that
  -- a verifier tells a deleted entry (the link points past a gap) from an edited one (the row no
  -- longer hashes to its entry_hash). Hashes are lower-case hex.
  CREATE TABLE audit_chain (
    seq         INTEGER PRIMARY KEY REFERENCES audit_log (seq),
    prev_hash   TEXT NOT NULL CHECK (length(prev_hash) = 64),
    entry_hash  TEXT NOT NULL CHECK (length(entry_hash) = 64)
  ) STRICT;
  CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
    BEGIN SELECT RAISE(ABORT, 'audit_chain is append-only'); END;
  CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
    BEGIN SELECT RAISE(ABORT, 'audit_chain is append-only'); END;
`;
