/**
 * Migration 3 part: GDPR Art. 17 erasure requests, their message lists and the outcome of each
 * message. Requests are evidence of how an erasure was decided and carried out, so neither table
 * loses a row, and what was asked (target, reason, requester) is never rewritten.
 */
export const ERASURE_SCHEMA = `
  -- One row per erasure request. The requester and the deciding officer are kept by token id and
  -- name: four eyes means two different people, and the CHECK refuses a decision by the requester
  -- even if a caller forgot to ask (cancelling is the requester's own act, so it is exempt).
  CREATE TABLE erasure_requests (
    rowid               INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE,      -- 32 lower-case hex, random
    target              TEXT NOT NULL CHECK (target IN ('messages', 'subject')),
    subject             TEXT,                      -- lower-cased address of the data subject; target 'subject' only
    reason              TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    state               TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'executed', 'partially-executed', 'rejected', 'cancelled')),
    requested_by        TEXT NOT NULL,
    requested_by_token  TEXT NOT NULL,
    requested_at        INTEGER NOT NULL,          -- epoch ms
    decided_by          TEXT,                      -- who approved, rejected or cancelled
    decided_by_token    TEXT,
    decided_at          INTEGER,
    decision_reason     TEXT,                      -- why it was rejected (required) or cancelled
    -- Subject requests: the archive's extent when approved (the resolver's snapshot), so messages
    -- archived later are not swept in, and the resolver's cursor after the last page recorded.
    snapshot            TEXT,
    resolve_cursor      TEXT,
    resolved            INTEGER NOT NULL CHECK (resolved IN (0, 1)),  -- 1 once the message list is complete
    message_count       INTEGER NOT NULL DEFAULT 0,
    executed_through    INTEGER NOT NULL DEFAULT 0, -- seq of the last listed message whose outcome is recorded
    deleted_count       INTEGER NOT NULL DEFAULT 0,
    refused_count       INTEGER NOT NULL DEFAULT 0,
    last_error          TEXT,                      -- why execution last stopped short; cleared when it moves on
    completed_at        INTEGER,
    CHECK ((target = 'subject') = (subject IS NOT NULL)),
    CHECK (state = 'pending' OR decided_by IS NOT NULL),
    CHECK (state = 'rejected' OR state = 'cancelled' OR decision_reason IS NULL),
    CHECK (state <> 'rejected' OR length(trim(coalesce(decision_reason, ''))) > 0),
    CHECK (state IN ('pending', 'cancelled')
           OR (decided_by_token <> requested_by_token AND lower(trim(decided_by)) <> lower(trim(requested_by))))
  ) STRICT;
  CREATE INDEX erasure_requests_state ON erasure_requests (state, rowid);

  CREATE TRIGGER erasure_requests_no_delete BEFORE DELETE ON erasure_requests
    BEGIN SELECT RAISE(ABORT, 'erasure requests are never deleted'); END;
  CREATE TRIGGER erasure_requests_fixed BEFORE UPDATE OF id, target, subject, reason, requested_by, requested_by_token, requested_at
    ON erasure_requests
    BEGIN SELECT RAISE(ABORT, 'what an erasure request asked is never rewritten'); END;
  -- The life cycle, enforced where every writer must pass: pending -> approved | rejected |
  -- cancelled; approved -> executed | partially-executed. A decided request is never re-decided.
  CREATE TRIGGER erasure_requests_transition BEFORE UPDATE OF state ON erasure_requests
    WHEN NEW.state <> OLD.state AND NOT (
      (OLD.state = 'pending' AND NEW.state IN ('approved', 'rejected', 'cancelled'))
      OR (OLD.state = 'approved' AND NEW.state IN ('executed', 'partially-executed')))
    BEGIN SELECT RAISE(ABORT, 'erasure request state change not allowed'); END;

  -- The messages a request erases, in the order they are executed (seq from 1): given by the
  -- requester, or resolved from the subject's address after approval. outcome is NULL until the
  -- deleter has answered for the message; a refusal keeps its reason and detail.
  CREATE TABLE erasure_request_messages (
    request_rowid   INTEGER NOT NULL REFERENCES erasure_requests (rowid),
    seq             INTEGER NOT NULL,
    message_id      TEXT NOT NULL,             -- archive id (SHA-256 hex)
    outcome         TEXT CHECK (outcome IN ('deleted', 'refused')),
    refusal_reason  TEXT CHECK (refusal_reason IN ('held', 'policy-protected', 'not-found')),
    refusal_detail  TEXT,
    PRIMARY KEY (request_rowid, seq),
    CHECK ((outcome IS NOT NULL AND outcome = 'refused') = (refusal_reason IS NOT NULL))
  ) STRICT, WITHOUT ROWID;
  -- A subject's message appears under several roles; it is listed once.
  CREATE UNIQUE INDEX erasure_request_messages_message ON erasure_request_messages (request_rowid, message_id);
  CREATE INDEX erasure_request_messages_outcome ON erasure_request_messages (request_rowid, outcome, seq);

  CREATE TRIGGER erasure_request_messages_no_delete BEFORE DELETE ON erasure_request_messages
    BEGIN SELECT RAISE(ABORT, 'erasure request messages are never deleted'); END;
  -- An outcome is written once: a message deleted or refused stays so in the record.
  CREATE TRIGGER erasure_request_messages_outcome_once BEFORE UPDATE ON erasure_request_messages
    WHEN OLD.outcome IS NOT NULL OR NEW.message_id <> OLD.message_id OR NEW.seq <> OLD.seq
    BEGIN SELECT RAISE(ABORT, 'an erasure outcome is recorded once'); END;
`;
