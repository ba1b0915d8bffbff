/**
 * Migration 4 part: report runs. A run is recorded when a report is asked for (API, CLI or
 * schedule) and updated as the `report` job renders it, so GET /report-runs can follow it and
 * the file can be downloaded later by id. `IF NOT EXISTS` so a test can apply the part to a database
 * whose migrations may already hold it.
 */
export const REPORT_RUNS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS report_runs (
    id            TEXT PRIMARY KEY,            -- random UUID
    report        TEXT NOT NULL,               -- report definition id
    period_from   INTEGER NOT NULL,            -- epoch ms, inclusive
    period_to     INTEGER NOT NULL,            -- epoch ms, exclusive
    case_id       TEXT,                        -- the case of a case report
    requested_by  TEXT NOT NULL,               -- API token name, cli:<os user>, or scheduler
    requested_at  INTEGER NOT NULL,            -- epoch ms
    state         TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    started_at    INTEGER,
    finished_at   INTEGER,
    file          TEXT,                        -- PDF file name in the reports directory, once done
    sha256        TEXT,                        -- of the PDF
    size          INTEGER,                     -- bytes of the PDF
    error         TEXT,                        -- last failure
    CHECK (period_from < period_to),
    CHECK ((state = 'done') = (file IS NOT NULL AND sha256 IS NOT NULL AND size IS NOT NULL))
  ) STRICT;
  CREATE INDEX IF NOT EXISTS report_runs_requested ON report_runs (requested_at);
`;
