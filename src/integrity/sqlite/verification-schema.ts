/**
 * Migration 3 part: verification runs and their findings (`custodian verify`, the API and the
 * scheduled job all record here, so the integrity report can show every run and what it found).
 */
export const VERIFICATION_SCHEMA = `
  -- One row per verification run. Progress columns are rewritten while it runs (a few times a
  -- second at most), so GET /integrity/verifications/:id and another process can follow it.
  CREATE TABLE verification_runs (
    id           TEXT PRIMARY KEY,           -- random UUID
    trigger      TEXT NOT NULL CHECK (trigger IN ('cli', 'api', 'schedule')),
    actor        TEXT NOT NULL,              -- API token name, cli:<os user>, or scheduler
    options      TEXT NOT NULL,              -- JSON VerificationOptions (skipBlobs)
    pid          INTEGER NOT NULL,           -- the process running it: a run whose process died is abandoned
    state        TEXT NOT NULL CHECK (state IN ('running', 'clean', 'findings', 'failed', 'abandoned')),
    started_at   INTEGER NOT NULL,           -- epoch ms
    finished_at  INTEGER,
    progress     TEXT NOT NULL,              -- JSON CheckProgress[], one per check, in order
    findings     INTEGER NOT NULL DEFAULT 0, -- findings confirmed so far
    error        TEXT                        -- why a failed run failed
  ) STRICT;
  CREATE INDEX verification_runs_started ON verification_runs (started_at);

  -- What a run found, in the order found. A finding a running appliance can cause for a moment
  -- (a blob written before its index row commits) is re-examined at the end of the run and
  -- deleted here if it no longer holds, so what remains is confirmed.
  CREATE TABLE verification_findings (
    run_id      TEXT NOT NULL REFERENCES verification_runs (id),
    seq         INTEGER NOT NULL,            -- 1, 2, … within the run
    check_name  TEXT NOT NULL,               -- the check that found it (index-blobs, ledger-chain, …)
    kind        TEXT NOT NULL,               -- FindingKind: missing-blob, altered-blob, broken-chain, …
    message_id  TEXT,                        -- archive id (SHA-256 hex) of the message concerned
    entry_seq   INTEGER,                     -- the ledger, audit or checkpoint entry concerned
    detail      TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
  ) STRICT, WITHOUT ROWID;
`;
