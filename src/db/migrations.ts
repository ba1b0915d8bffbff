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
];
