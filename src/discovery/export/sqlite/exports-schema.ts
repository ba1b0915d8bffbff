/**
 * Migration 4 part: e-discovery exports and their frozen selections. A record is evidence of what
 * was produced for whom, so rows are never deleted and what was asked is never rewritten; a frozen
 * selection never changes, so a retried or resumed export writes exactly the same messages.
 */
export const EXPORTS_SCHEMA = `
  CREATE TABLE exports (
    rowid             INTEGER PRIMARY KEY,
    id                TEXT NOT NULL UNIQUE,
    format            TEXT NOT NULL CHECK (format IN ('eml-zip', 'mbox', 'pdf-zip')),
    case_id           TEXT,
    query             TEXT,                       -- search-language text; NULL for the whole case
    review_tag        TEXT,
    status            TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    requested_by      TEXT NOT NULL,
    request_source    TEXT NOT NULL,
    requested_at      INTEGER NOT NULL,           -- epoch ms
    started_at        INTEGER,
    finished_at       INTEGER,
    total             INTEGER,                    -- messages selected; set when the selection is frozen
    done              INTEGER NOT NULL DEFAULT 0,
    frozen            INTEGER NOT NULL DEFAULT 0 CHECK (frozen IN (0, 1)),
    error             TEXT,
    cancel_requested  INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
    files             TEXT NOT NULL DEFAULT '[]', -- JSON ExportFile[], set on completion
    -- Outside a case there is nothing to export but a query's hits.
    CHECK (case_id IS NOT NULL OR (query IS NOT NULL AND review_tag IS NULL)),
    CHECK (frozen = 0 OR total IS NOT NULL)
  ) STRICT;
  CREATE INDEX exports_case ON exports (case_id, rowid);
  CREATE INDEX exports_unfinished ON exports (status, rowid) WHERE status IN ('queued', 'running');

  CREATE TRIGGER exports_no_delete BEFORE DELETE ON exports
    BEGIN SELECT RAISE(ABORT, 'export records are never deleted'); END;
  CREATE TRIGGER exports_fixed BEFORE UPDATE OF id, format, case_id, query, review_tag, requested_by, request_source, requested_at ON exports
    BEGIN SELECT RAISE(ABORT, 'what an export asked is never rewritten'); END;
  -- queued -> running | cancelled; running -> running (a restart) | completed | failed | cancelled.
  CREATE TRIGGER exports_transition BEFORE UPDATE OF status ON exports
    WHEN NOT ((OLD.status = 'queued' AND NEW.status IN ('queued', 'running', 'cancelled'))
      OR (OLD.status = 'running' AND NEW.status IN ('running', 'completed', 'failed', 'cancelled'))
      OR (OLD.status = NEW.status))
    BEGIN SELECT RAISE(ABORT, 'export status change not allowed'); END;
  CREATE TRIGGER exports_frozen_once BEFORE UPDATE OF frozen, total ON exports
    WHEN OLD.frozen = 1 AND (NEW.frozen <> 1 OR NEW.total IS NOT OLD.total)
    BEGIN SELECT RAISE(ABORT, 'a frozen export selection never changes'); END;

  -- The selection, in export order (seq from 1). Rows of an unfinished freeze may be dropped and
  -- listed again; once the export is frozen they are fixed.
  CREATE TABLE export_items (
    export_rowid  INTEGER NOT NULL REFERENCES exports (rowid),
    seq           INTEGER NOT NULL,
    message_id    TEXT NOT NULL,                  -- archive id (SHA-256 hex)
    PRIMARY KEY (export_rowid, seq)
  ) STRICT, WITHOUT ROWID;
  CREATE UNIQUE INDEX export_items_message ON export_items (export_rowid, message_id);
  CREATE TRIGGER export_items_frozen_delete BEFORE DELETE ON export_items
    WHEN (SELECT frozen FROM exports WHERE rowid = OLD.export_rowid) = 1
    BEGIN SELECT RAISE(ABORT, 'a frozen export selection never changes'); END;
  CREATE TRIGGER export_items_frozen_insert BEFORE INSERT ON export_items
    WHEN (SELECT frozen FROM exports WHERE rowid = NEW.export_rowid) = 1
    BEGIN SELECT RAISE(ABORT, 'a frozen export selection never changes'); END;
  CREATE TRIGGER export_items_fixed BEFORE UPDATE ON export_items
    BEGIN SELECT RAISE(ABORT, 'export items are never rewritten'); END;
`;
