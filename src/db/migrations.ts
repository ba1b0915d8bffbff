import { AUDIT_CHAIN_SCHEMA } from '../audit/audit-chain-schema.js';
import { CASE_REVIEW_SCHEMA } from '../discovery/case-review/sqlite/case-review-schema.js';
import { EXPORTS_SCHEMA } from '../discovery/export/sqlite/exports-schema.js';
import { ERASURE_SCHEMA } from '../erasure/sqlite/erasure-schema.js';
import { HOLDS_SCHEMA } from '../holds/sqlite/holds-schema.js';
import { INTEGRITY_SCHEMA } from '../integrity/sqlite/integrity-schema.js';
import { VERIFICATION_SCHEMA } from '../integrity/sqlite/verification-schema.js';
import { DELETION_SCHEMA } from '../retention/sqlite/deletion-schema.js';
import { RETENTION_SCHEMA } from '../retention/sqlite/retention-schema.js';
import { REPORT_RUNS_SCHEMA } from '../reports/sqlite/report-runs-schema.js';
import { REPORT_INDEXES_SCHEMA } from '../reports/sources/report-indexes-schema.js';

/**
 * The embedded profile's SQLite schema, as ordered migrations. `PRAGMA user_version` records how
 * many have run; each runs once, in a transaction, at start-up.
 */
export const MIGRATIONS: readonly string[] = [
  /* 1: spool, queue, archive index, audit, tokens */ `
  -- Raw bytes and SMTP envelope of every accepted message, written before the 250.
  -- A row lives until the pipeline has archived the message.
  CREATE TABLE spool (
    id           TEXT PRIMARY KEY,          -- time-ordered random id
    received_at  INTEGER NOT NULL,          -- epoch ms
    envelope     TEXT NOT NULL,             -- JSON SmtpEnvelope
    raw          BLOB NOT NULL
  ) STRICT;

  -- The embedded job queue. Completed jobs are deleted (a counter keeps the total).
  CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    payload      TEXT NOT NULL,             -- JSON
    state        TEXT NOT NULL CHECK (state IN ('waiting', 'active', 'dead')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    run_at       INTEGER NOT NULL,          -- epoch ms; not before this
    last_error   TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX jobs_ready ON jobs (state, run_at);
  CREATE TABLE job_stats (name TEXT PRIMARY KEY, completed INTEGER NOT NULL) STRICT;

  -- One row per archived original. rowid joins the FTS table and the address table.
  CREATE TABLE messages (
    rowid           INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,   -- SHA-256 hex of the original bytes
    message_id      TEXT,                   -- Message-ID header, no angle brackets, lower-cased
    subject         TEXT,
    sent_at         INTEGER,                -- epoch ms from Date header
    received_at     INTEGER NOT NULL,       -- epoch ms of the first copy
    size            INTEGER NOT NULL,
    has_attachment  INTEGER NOT NULL,
    from_display    TEXT,                   -- "Name <addr>" of the From header, for result lists
    flags           TEXT NOT NULL,          -- JSON MessageFlag[]
    document        TEXT NOT NULL           -- JSON ArchiveDocument minus bodyText
  ) STRICT;
  CREATE INDEX messages_received ON messages (received_at);
  CREATE INDEX messages_sent ON messages (coalesce(sent_at, received_at));
  CREATE INDEX messages_size ON messages (size);
  CREATE INDEX messages_with_attachment ON messages (received_at) WHERE has_attachment = 1;
  CREATE INDEX messages_message_id ON messages (message_id);

  -- Every address in every role, from headers and from journal envelopes, lower-cased.
  -- domain_key is the domain's labels reversed, with a trailing dot ("com.example."), so that a
  -- domain and all its subdomains are one index range: [key, key with its last "." as "/").
  CREATE TABLE message_addresses (
    message_rowid  INTEGER NOT NULL REFERENCES messages (rowid),
    field          TEXT NOT NULL,           -- AddressField
    address        TEXT NOT NULL,
    domain_key     TEXT NOT NULL,
    name           TEXT NOT NULL,
    PRIMARY KEY (message_rowid, field, address)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX message_addresses_address ON message_addresses (address, field);
  CREATE INDEX message_addresses_domain ON message_addresses (domain_key, field);

  -- Full text. Contentless (the original is in the blob store) with delete support.
  -- names_* hold "Display Name address" of each header role (from = From, Sender, Reply-To), for
  -- name searches. Headers of an original never change, so a merged copy never rewrites this row;
  -- journal recipients (addresses only) live in message_addresses.
  CREATE VIRTUAL TABLE message_fts USING fts5 (
    subject, body, attachment_names, attachment_text,
    names_from, names_to, names_cc, names_bcc,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
  );

  -- Every received copy of every message: SMTP envelope and journal envelope.
  CREATE TABLE journal_events (
    message_rowid  INTEGER NOT NULL REFERENCES messages (rowid),
    spool_id       TEXT NOT NULL,
    role           TEXT NOT NULL,
    received_at    INTEGER NOT NULL,
    event          TEXT NOT NULL,           -- JSON JournalEvent
    PRIMARY KEY (message_rowid, spool_id, role)
  ) STRICT;

  -- Append-only audit trail: triggers refuse UPDATE and DELETE.
  CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    detail     TEXT NOT NULL                -- JSON
  ) STRICT;
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

  CREATE TABLE api_tokens (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,       -- SHA-256 hex of the bearer token
    created_at  INTEGER NOT NULL
  ) STRICT;
  `,

  /* 2: spam and DLP verdicts, their search tables, DLP incidents */ `
  -- The classification of each message, one row per message (message_rowid is the table's rowid,
  -- so the row is found without an index). A table of its own rather than columns on messages:
  -- columns added to messages would sit after its large document column, and reading them would
  -- walk that column's overflow pages for every candidate row of a search.
  -- Single instance: a later copy of an archived message keeps the first classification, except
  -- when the first copy could not be parsed and a later one could (the record is upgraded whole).
  CREATE TABLE message_classification (
    message_rowid   INTEGER PRIMARY KEY REFERENCES messages (rowid),
    spam_score      REAL NOT NULL,          -- rounded to 0.001, so score:5 finds 2.5 + 2.5
    spam_verdict    TEXT NOT NULL CHECK (spam_verdict IN ('spam', 'ham', 'error')),
    dlp_severity    INTEGER,                -- highest DLP severity: 1 low, 2 medium, 3 high, 4 critical; NULL none
    status          TEXT NOT NULL CHECK (status IN ('classified', 'error')),
    spool_id        TEXT,                   -- the received copy this classification came from; NULL before migration 2
    classification  TEXT NOT NULL           -- JSON Classification, last: the scalars above never read it
  ) STRICT;
  CREATE INDEX message_classification_verdict ON message_classification (spam_verdict);
  CREATE INDEX message_classification_score ON message_classification (spam_score);
  CREATE INDEX message_classification_dlp ON message_classification (dlp_severity) WHERE dlp_severity IS NOT NULL;
  CREATE INDEX message_classification_status ON message_classification (status);

  -- Every rule that fired on a message, one row per detector its evidence names ('' for none):
  -- rule:<id> searches by rule, dlp:<detector> by the detectors of DLP hits.
  CREATE TABLE message_rule_hits (
    message_rowid  INTEGER NOT NULL REFERENCES messages (rowid),
    rule_id        TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('spam', 'dlp')),
    severity       INTEGER,                 -- as dlp_severity; NULL for spam rules
    detector       TEXT NOT NULL,
    PRIMARY KEY (message_rowid, rule_id, detector)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX message_rule_hits_rule ON message_rule_hits (rule_id, message_rowid);
  CREATE INDEX message_rule_hits_detector ON message_rule_hits (detector, message_rowid) WHERE kind = 'dlp';

  -- Tags from rules' tag actions; matched without regard to case.
  CREATE TABLE message_tags (
    message_rowid  INTEGER NOT NULL REFERENCES messages (rowid),
    tag            TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (message_rowid, tag)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX message_tags_tag ON message_tags (tag, message_rowid);

  -- Messages archived before rules existed were never classified: say so (status error, as
  -- notClassified() in src/domain/classification.ts writes it), so none counts as clean.
  INSERT INTO message_classification (message_rowid, spam_score, spam_verdict, dlp_severity, status, classification)
  SELECT rowid, 0, 'error', NULL, 'error', json_object(
    'rulesVersion', 'none', 'status', 'error', 'error', 'not classified: archived before rules were introduced',
    'spam', json_object('score', 0, 'threshold', 0, 'verdict', 'error'), 'dlp', json_object('severity', NULL),
    'hits', json_array(), 'tags', json_array(), 'disposition', 'deliver', 'attachments', json_array())
  FROM messages;

  -- DLP incidents: one per (message, rule), raised in the transaction that records the message.
  -- id is derived from (message, rule), so a retried job raises nothing new. version counts
  -- changes, for optimistic concurrency between reviewers.
  CREATE TABLE incidents (
    rowid        INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    message_id   TEXT NOT NULL,             -- archive id (SHA-256 hex) of the message
    spool_id     TEXT NOT NULL,             -- the received copy whose classification raised it
    rule_id      TEXT NOT NULL,
    pack         TEXT,                      -- NULL for rule-engine-error
    severity     TEXT CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    description  TEXT NOT NULL,
    evidence     TEXT NOT NULL,             -- JSON HitEvidence[], redacted by the rule engine
    status       TEXT NOT NULL CHECK (status IN ('open', 'reviewed', 'dismissed')),
    reviewer     TEXT,                      -- who last changed the status
    version      INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,          -- epoch ms
    updated_at   INTEGER NOT NULL,
    UNIQUE (message_id, rule_id)
  ) STRICT;
  CREATE INDEX incidents_created ON incidents (created_at);
  CREATE INDEX incidents_status ON incidents (status, created_at);
  CREATE INDEX incidents_severity ON incidents (severity, created_at);
  CREATE INDEX incidents_rule ON incidents (rule_id, created_at);

  -- Reviewer notes, append-only, in the order written.
  CREATE TABLE incident_notes (
    incident_rowid  INTEGER NOT NULL REFERENCES incidents (rowid),
    seq             INTEGER NOT NULL,
    at              INTEGER NOT NULL,
    author          TEXT NOT NULL,
    text            TEXT NOT NULL,
    PRIMARY KEY (incident_rowid, seq)
  ) STRICT;
  CREATE TRIGGER incident_notes_no_update BEFORE UPDATE ON incident_notes
    BEGIN SELECT RAISE(ABORT, 'incident_notes is append-only'); END;
  `,
  /* 3: retention, holds, erasure, ledger, checkpoints, audit chain — each part beside its adapter */
  [AUDIT_CHAIN_SCHEMA, INTEGRITY_SCHEMA, VERIFICATION_SCHEMA, RETENTION_SCHEMA, DELETION_SCHEMA, HOLDS_SCHEMA, ERASURE_SCHEMA].join('\n'),
  /* 4: case review, exports, report runs, and the indexes the report queries read through */
  [CASE_REVIEW_SCHEMA, EXPORTS_SCHEMA, REPORT_RUNS_SCHEMA, REPORT_INDEXES_SCHEMA].join('\n'),
];
