/**
 * Migration 3 part: the archive ledger, its Merkle checkpoints and their time-stamps.
 * Every table is append-only: triggers refuse UPDATE and DELETE, so only a connection that drops
 * a trigger can rewrite history — and `custodian verify` finds what it rewrote.
 */
export const INTEGRITY_SCHEMA = `
  -- The archive ledger: one row per message archived and per message deleted, hash-chained.
  -- entry_hash = SHA-256(prev_hash || canonical JSON of {seq, at (ISO), kind, messageId, size, detail});
  -- see src/integrity/ledger-entry.ts. seq is also the Merkle leaf order (leaf index = seq - 1).
  CREATE TABLE ledger (
    seq          INTEGER PRIMARY KEY,        -- 1, 2, 3 … without gaps (the insert trigger enforces it)
    at           INTEGER NOT NULL,           -- epoch ms of the append; ISO-8601 in the canonical form
    kind         TEXT NOT NULL CHECK (kind IN ('archived', 'deleted')),
    message_id   TEXT NOT NULL,              -- archive id: SHA-256 hex of the original
    size         INTEGER NOT NULL,
    detail       TEXT NOT NULL,              -- canonical JSON: {receivedAt} or the tombstone's fields
    prev_hash    BLOB NOT NULL,              -- 32 bytes; zeros for seq 1
    entry_hash   BLOB NOT NULL,              -- 32 bytes
    -- One archiving and one deletion per message: a retried or duplicate record is a no-op.
    UNIQUE (kind, message_id)
  ) STRICT;
  CREATE TRIGGER ledger_seq_continues BEFORE INSERT ON ledger
    WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM ledger)
    BEGIN SELECT RAISE(ABORT, 'ledger: seq must continue the chain'); END;
  CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
    BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
  CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
    BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;

  -- Signed tree heads: the RFC 6962 root over ledger entries 1..tree_size (a growing log, as in
  -- Certificate Transparency), signed with the appliance's Ed25519 key.
  CREATE TABLE ledger_checkpoints (
    tree_size    INTEGER PRIMARY KEY,
    root_hash    BLOB NOT NULL,              -- 32 bytes
    created_at   INTEGER NOT NULL,           -- epoch ms; ISO-8601 in the signed bytes
    key_id       TEXT NOT NULL,              -- SHA-256 hex of the signer's SPKI DER
    public_key   TEXT NOT NULL,              -- SPKI PEM, so old heads verify after a key change
    signature    BLOB NOT NULL,              -- Ed25519 over the canonical tree head
    -- The roots of the perfect subtrees the first tree_size leaves decompose into, largest first,
    -- 32 bytes each: the next checkpoint hashes only the entries added since this one.
    frontier     BLOB NOT NULL,
    tsa_wanted   INTEGER NOT NULL CHECK (tsa_wanted IN (0, 1))  -- a TSA was configured: time-stamp pending until stamped
  ) STRICT;
  CREATE TRIGGER ledger_checkpoints_no_update BEFORE UPDATE ON ledger_checkpoints
    BEGIN SELECT RAISE(ABORT, 'ledger_checkpoints is append-only'); END;
  CREATE TRIGGER ledger_checkpoints_no_delete BEFORE DELETE ON ledger_checkpoints
    BEGIN SELECT RAISE(ABORT, 'ledger_checkpoints is append-only'); END;

  -- RFC 3161 tokens over the checkpoints' signed bytes. A separate table rather than a column, so
  -- a late time-stamp (after a TSA outage) is an insert and checkpoints never need an UPDATE.
  CREATE TABLE ledger_checkpoint_timestamps (
    tree_size    INTEGER PRIMARY KEY REFERENCES ledger_checkpoints (tree_size),
    token        BLOB NOT NULL,              -- DER TimeStampToken (CMS ContentInfo)
    gen_time     INTEGER NOT NULL,           -- epoch ms, the TSA's genTime
    stamped_at   INTEGER NOT NULL            -- epoch ms, when it was obtained
  ) STRICT;
  CREATE TRIGGER ledger_checkpoint_timestamps_no_update BEFORE UPDATE ON ledger_checkpoint_timestamps
    BEGIN SELECT RAISE(ABORT, 'ledger_checkpoint_timestamps is append-only'); END;
  CREATE TRIGGER ledger_checkpoint_timestamps_no_delete BEFORE DELETE ON ledger_checkpoint_timestamps
    BEGIN SELECT RAISE(ABORT, 'ledger_checkpoint_timestamps is append-only'); END;

  -- Roots of the perfect, aligned subtrees of 256 leaves and more (about n/128 rows), so an
  -- inclusion proof reads O(log n) rows and at most a few hundred leaves instead of rehashing n.
  -- Derived data: a wrong row only yields a proof that fails against the signed root.
  CREATE TABLE ledger_merkle_nodes (
    level        INTEGER NOT NULL,           -- the subtree covers 2^level leaves
    idx          INTEGER NOT NULL,           -- leaves [idx * 2^level, (idx + 1) * 2^level)
    hash         BLOB NOT NULL,
    PRIMARY KEY (level, idx)
  ) STRICT, WITHOUT ROWID;
  CREATE TRIGGER ledger_merkle_nodes_no_update BEFORE UPDATE ON ledger_merkle_nodes
    BEGIN SELECT RAISE(ABORT, 'ledger_merkle_nodes is append-only'); END;
  CREATE TRIGGER ledger_merkle_nodes_no_delete BEFORE DELETE ON ledger_merkle_nodes
    BEGIN SELECT RAISE(ABORT, 'ledger_merkle_nodes is append-only'); END;
`;
