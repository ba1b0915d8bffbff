/** Migration 3 part: tombstones and sweeps (HC2). */
export const DELETION_SCHEMA = `
  -- What stays of every deleted message: its archive id (= SHA-256 of the original), size, first
  -- receipt, why and by whom it went. Written in the transaction that removes the index entry, and
  -- never changed or removed afterwards: triggers refuse both. Not unique by message: the same
  -- bytes journaled again after a deletion are a new record, and deleting that leaves a second.
  CREATE TABLE tombstones (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,  -- deletion order; pages the tombstone list
    message_id   TEXT NOT NULL,                      -- archive id (SHA-256 hex)
    size         INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,                   -- epoch ms of the first receipt
    reason       TEXT NOT NULL CHECK (reason IN ('retention', 'erasure')),
    policy_id    TEXT,                               -- reason retention: the policy that expired it
    request_id   TEXT,                               -- reason erasure: the approved request
    actor        TEXT NOT NULL,                      -- 'retention' or the approving officer
    deleted_at   INTEGER NOT NULL                    -- epoch ms
  ) STRICT;
  CREATE INDEX tombstones_message ON tombstones (message_id);
  CREATE INDEX tombstones_deleted ON tombstones (deleted_at);
  CREATE TRIGGER tombstones_no_update BEFORE UPDATE ON tombstones
    BEGIN SELECT RAISE(ABORT, 'tombstones are never changed'); END;
  CREATE TRIGGER tombstones_no_delete BEFORE DELETE ON tombstones
    BEGIN SELECT RAISE(ABORT, 'tombstones are never deleted'); END;

  -- Deletions whose index entry is gone but whose ledger entry or blob removal may not be done:
  -- inserted with the tombstone, removed once both are. What a crash leaves here is finished by
  -- the deleter's resume(). A table of its own because tombstones cannot be updated.
  CREATE TABLE deletions_unfinished (
    tombstone_seq  INTEGER PRIMARY KEY REFERENCES tombstones (seq)
  ) STRICT;

  -- One row per sweep, real or dry run, with its progress: a crash resumes it from cursor.
  CREATE TABLE sweep_runs (
    id                 TEXT PRIMARY KEY,
    dry_run            INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
    actor              TEXT NOT NULL,                -- who asked: 'scheduler', an admin, 'cli:<user>'
    status             TEXT NOT NULL CHECK (status IN ('queued', 'running', 'finished', 'failed')),
    now                INTEGER NOT NULL,             -- epoch ms: messages expired at this instant are swept
    requested_at       INTEGER NOT NULL,
    started_at         INTEGER,
    finished_at        INTEGER,
    cursor             TEXT,                         -- expiry source's cursor after the last batch done
    examined           INTEGER NOT NULL DEFAULT 0,   -- expired messages looked at
    deleted            INTEGER NOT NULL DEFAULT 0,   -- deleted (dry run: would be deleted)
    held               INTEGER NOT NULL DEFAULT 0,   -- refused: under a legal hold
    refused_other      INTEGER NOT NULL DEFAULT 0,   -- refused otherwise (already deleted, not found)
    error              TEXT                          -- why a failed run stopped
  ) STRICT;
  CREATE INDEX sweep_runs_requested ON sweep_runs (requested_at);

  -- A dry run's list: what it found expired, in order, and whether a hold would keep it.
  CREATE TABLE sweep_candidates (
    run_id      TEXT NOT NULL REFERENCES sweep_runs (id),
    seq         INTEGER NOT NULL,
    message_id  TEXT NOT NULL,
    policy_id   TEXT NOT NULL,
    expires_at  INTEGER NOT NULL,                    -- epoch ms
    holds       TEXT,                                -- JSON hold ids when held (kept, not deleted); NULL otherwise
    PRIMARY KEY (run_id, seq)
  ) STRICT, WITHOUT ROWID;
`;
