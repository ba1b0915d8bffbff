/**
 * Migration 4 part: the review work inside legal cases — saved searches, review tags, notes and
 * the case timeline. Everything but the review tags is a record of what was done, so append-only.
 */
export const CASE_REVIEW_SCHEMA = `
  -- A search run in a case, with its hit count at that moment (a later run is a new row).
  CREATE TABLE case_searches (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases (id),
    query      TEXT NOT NULL,                -- search-language text as typed, run within the case's scope
    hit_count  INTEGER NOT NULL,
    ran_by     TEXT NOT NULL,
    ran_at     INTEGER NOT NULL              -- epoch ms
  ) STRICT;
  CREATE INDEX case_searches_case ON case_searches (case_id, ran_at);
  CREATE TRIGGER case_searches_no_update BEFORE UPDATE ON case_searches
    BEGIN SELECT RAISE(ABORT, 'case_searches is append-only'); END;
  CREATE TRIGGER case_searches_no_delete BEFORE DELETE ON case_searches
    BEGIN SELECT RAISE(ABORT, 'case_searches is append-only'); END;

  -- The review tags on a message within a case, by archive id (as message_holds). Removing a tag
  -- deletes its row; the timeline keeps who added and removed what.
  -- The primary key serves a message's tags; case_review_tags_tag serves counts by tag and the
  -- archive-id-ordered pages of a tag's messages.
  CREATE TABLE case_review_tags (
    case_id     TEXT NOT NULL REFERENCES cases (id),
    message_id  TEXT NOT NULL,
    tag         TEXT NOT NULL,
    tagged_by   TEXT NOT NULL,
    tagged_at   INTEGER NOT NULL,            -- epoch ms
    PRIMARY KEY (case_id, message_id, tag)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX case_review_tags_tag ON case_review_tags (case_id, tag, message_id);

  -- Officers' notes on a case, in the order written.
  CREATE TABLE case_notes (
    id       TEXT PRIMARY KEY,
    case_id  TEXT NOT NULL REFERENCES cases (id),
    author   TEXT NOT NULL,
    text     TEXT NOT NULL,
    at       INTEGER NOT NULL                -- epoch ms
  ) STRICT;
  CREATE INDEX case_notes_case ON case_notes (case_id, at);
  CREATE TRIGGER case_notes_no_update BEFORE UPDATE ON case_notes
    BEGIN SELECT RAISE(ABORT, 'case_notes is append-only'); END;
  CREATE TRIGGER case_notes_no_delete BEFORE DELETE ON case_notes
    BEGIN SELECT RAISE(ABORT, 'case_notes is append-only'); END;

  -- Everything done in a case, in order: its timeline.
  CREATE TABLE case_events (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id  TEXT NOT NULL REFERENCES cases (id),
    at       INTEGER NOT NULL,               -- epoch ms
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,                  -- dotted verb: case.create, hold.place, tag.add, …
    detail   TEXT NOT NULL                   -- JSON object
  ) STRICT;
  CREATE INDEX case_events_case ON case_events (case_id, seq);
  CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
    BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
  CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
    BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
`;
