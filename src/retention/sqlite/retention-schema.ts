/** Migration 3 part: retention assignments, policy changes and review decisions (HC1). */
export const RETENTION_SCHEMA = `
  -- Which policy governs each archived message and when it expires; one row per message, made at
  -- ingest and rewritten when the policy set changes. Keyed by archive id, not messages.rowid,
  -- so a deletion elsewhere never leaves it pointing at another message.
  CREATE TABLE retention_assignments (
    message_id          TEXT PRIMARY KEY,      -- archive id (SHA-256 hex)
    policy_id           TEXT NOT NULL,
    action              TEXT NOT NULL CHECK (action IN ('delete', 'review')),
    policy_expires_at   INTEGER,               -- epoch ms the policy's period ends; NULL forever
    -- What sweeps and the review list go by: the policy's expiry, or later when a reviewer kept
    -- the message (kept_until, kept_forever); NULL never.
    expires_at          INTEGER,
    erasable            INTEGER NOT NULL CHECK (erasable IN (0, 1)),  -- 0: erasure refused before policy_expires_at
    kept_until          INTEGER,               -- epoch ms a reviewer's "keep" runs to; NULL none
    kept_forever        INTEGER NOT NULL DEFAULT 0 CHECK (kept_forever IN (0, 1)),
    policy_set_version  TEXT NOT NULL,         -- the set that made this row
    assigned_at         INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  -- Sweeps and the review list walk expired messages in (expires_at, message_id) order from here,
  -- a batch at a time, never loading them all.
  CREATE INDEX retention_assignments_expiry ON retention_assignments (action, expires_at, message_id)
    WHERE expires_at IS NOT NULL;
  -- Whatever path removes a message (sweep, erasure) removes its assignment in the same
  -- transaction, so no sweep finds it again.
  CREATE TRIGGER retention_assignments_gone AFTER DELETE ON messages
    BEGIN DELETE FROM retention_assignments WHERE message_id = old.id; END;

  -- Every policy set that came into force, and the recompute of all assignments it started.
  -- cursor is the last messages.rowid recomputed, committed with that batch, so a recompute cut
  -- short by a crash resumes where it stopped. The newest row's to_version is the set in force.
  CREATE TABLE retention_policy_changes (
    id                INTEGER PRIMARY KEY,
    from_version      TEXT,                    -- NULL for the first set
    to_version        TEXT NOT NULL,
    policies          TEXT NOT NULL,           -- JSON: the policies of the new set, as evidence
    state             TEXT NOT NULL CHECK (state IN ('running', 'done', 'superseded')),
    cursor            INTEGER NOT NULL DEFAULT 0,
    examined          INTEGER NOT NULL DEFAULT 0,
    changed           INTEGER NOT NULL DEFAULT 0,  -- messages whose policy, expiry or action changed
    expiry_changed    INTEGER NOT NULL DEFAULT 0,  -- of those, messages whose expiry changed
    before_counts     TEXT NOT NULL DEFAULT '{}',  -- JSON {policyId: messages} before ('' = none)
    after_counts      TEXT NOT NULL DEFAULT '{}',  -- JSON {policyId: messages} after
    started_at        INTEGER NOT NULL,
    finished_at       INTEGER
  ) STRICT;

  -- Reviewers' decisions on expired messages of review policies. Append-only: the record of who
  -- kept or deleted what, and why.
  CREATE TABLE retention_reviews (
    id          INTEGER PRIMARY KEY,
    message_id  TEXT NOT NULL,
    policy_id   TEXT NOT NULL,
    decision    TEXT NOT NULL CHECK (decision IN ('delete', 'keep')),
    keep_until  INTEGER,                       -- keep: epoch ms, NULL for forever; delete: NULL
    reason      TEXT NOT NULL,
    actor       TEXT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('kept', 'deleted', 'refused')),
    detail      TEXT,                          -- why a deletion was refused
    decided_at  INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX retention_reviews_message ON retention_reviews (message_id, id);
  CREATE TRIGGER retention_reviews_no_update BEFORE UPDATE ON retention_reviews
    BEGIN SELECT RAISE(ABORT, 'retention_reviews is append-only'); END;
  CREATE TRIGGER retention_reviews_no_delete BEFORE DELETE ON retention_reviews
    BEGIN SELECT RAISE(ABORT, 'retention_reviews is append-only'); END;
`;
