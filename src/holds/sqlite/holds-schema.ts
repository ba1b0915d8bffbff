/**
 * Migration 3 part: legal cases, the holds placed on them, and the materialised list of held
 * messages that every deletion path consults.
 */
export const HOLDS_SCHEMA = `
  -- A legal matter. Its criteria are stored as given and compiled again when used, so a case means
  -- the same thing after a restart or an upgrade of the query compiler. Cases are never edited or
  -- deleted: a hold's meaning must not change under it (a different scope is a new case).
  CREATE TABLE cases (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL,
    scope        TEXT NOT NULL CHECK (scope IN ('criteria', 'all')),
    custodians   TEXT NOT NULL,              -- JSON array of lower-cased addresses, matched in any role
    query        TEXT,                       -- search-language text, validated at creation
    sent_from    INTEGER,                    -- epoch ms, inclusive; on coalesce(sent_at, received_at)
    sent_before  INTEGER,                    -- epoch ms, exclusive
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    -- A case with neither custodians nor a query would hold the whole archive by accident.
    CHECK (scope = 'all' OR custodians <> '[]' OR query IS NOT NULL),
    CHECK (sent_from IS NULL OR sent_before IS NULL OR sent_from < sent_before)
  ) STRICT;

  -- A hold is in force from placed_at until released (never deleted: the record is evidence).
  -- backfill_cursor is the last messages.rowid the background backfill has evaluated; until
  -- backfill_done_at is set, messages past it are checked against the case's criteria directly.
  CREATE TABLE holds (
    id               TEXT PRIMARY KEY,
    case_id          TEXT NOT NULL REFERENCES cases (id),
    placed_by        TEXT NOT NULL,
    placed_at        INTEGER NOT NULL,
    reason           TEXT NOT NULL,
    released_by      TEXT,
    released_at      INTEGER,
    release_reason   TEXT,
    backfill_cursor  INTEGER NOT NULL DEFAULT 0,
    backfill_done_at INTEGER,
    purged_at        INTEGER,                -- released and its message_holds rows removed
    CHECK ((released_at IS NULL) = (released_by IS NULL) AND (released_at IS NULL) = (release_reason IS NULL)),
    CHECK (purged_at IS NULL OR released_at IS NOT NULL)
  ) STRICT;
  CREATE INDEX holds_case ON holds (case_id, placed_at);
  -- The holds with background work left: a backfill to finish or a release to purge.
  CREATE INDEX holds_pending ON holds (id) WHERE backfill_done_at IS NULL OR (released_at IS NOT NULL AND purged_at IS NULL);

  -- Which message each hold preserves, by archive id (the id every deletion path speaks). The
  -- primary key leads with the message, so heldAmong(500 ids) is 500 index probes; the second
  -- index serves a hold's message list, its count and the purge after release.
  CREATE TABLE message_holds (
    message_id  TEXT NOT NULL,
    hold_id     TEXT NOT NULL REFERENCES holds (id),
    PRIMARY KEY (message_id, hold_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX message_holds_hold ON message_holds (hold_id, message_id);
`;
