import { createHash } from 'node:crypto';
import { canonicalIntegerJson } from './canonical-json.js';

/** What a ledger entry records. */
export type LedgerKind = 'archived' | 'deleted';

/** Values of an entry's `detail`: strings, integers or null (so canonical JSON is unambiguous). */
export type LedgerDetail = Record<string, string | number | null>;

/** The fields of a ledger entry that its hash covers. */
export interface LedgerEntry {
  /** 1, 2, 3 … with no gaps. Leaf index in the Merkle tree is `seq - 1`. */
  seq: number;
  /** ISO-8601 UTC time of the append, with milliseconds (`2026-01-01T00:00:00.000Z`). */
  at: string;
  kind: LedgerKind;
  /** Archive id: SHA-256 hex (lower case) of the original's bytes. */
  messageId: string;
  /** Size of the original in bytes. */
  size: number;
  /** `archived`: `{receivedAt}`; `deleted`: the tombstone's fields (see `tombstoneDetail`). */
  detail: LedgerDetail;
}

/** An entry as stored: with the chain links, both lower-case hex. */
export interface LedgerRecord extends LedgerEntry {
  /** `entryHash` of entry `seq - 1`; 32 zero bytes for entry 1. */
  prevHash: string;
  entryHash: string;
}

/** The `prevHash` of entry 1. */
export const GENESIS_PREV_HASH = '00'.repeat(32);

/**
 * The canonical bytes of an entry: the RFC 8785 canonical JSON (UTF-8) of the object
 * `{seq, at, kind, messageId, size, detail}` — keys sorted, so in practice
 * `{"at":…,"detail":{…},"kind":…,"messageId":…,"seq":…,"size":…}`.
 */
export function ledgerEntryBytes(entry: LedgerEntry): Buffer {
  return canonicalIntegerJson({
    seq: entry.seq,
    at: entry.at,
    kind: entry.kind,
    messageId: entry.messageId,
    size: entry.size,
    detail: entry.detail,
  });
}

/** `entryHash = SHA-256(prevHash (32 raw bytes) || ledgerEntryBytes(entry))`, lower-case hex. */
export function computeEntryHash(prevHash: string, entry: LedgerEntry): string {
  return createHash('sha256').update(Buffer.from(prevHash, 'hex')).update(ledgerEntryBytes(entry)).digest('hex');
}
