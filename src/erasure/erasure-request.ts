import type { DeletionRefusal } from '../domain/deletion.js';

/** Every state of an erasure request, in life-cycle order. */
export const ERASURE_STATES = ['pending', 'approved', 'executed', 'partially-executed', 'rejected', 'cancelled'] as const;

/**
 * `pending` awaits a second officer; `approved` is being carried out (or will be, after a
 * restart); `executed` erased every listed message; `partially-executed` had at least one refusal
 * (held, protected by policy, or no longer there); `rejected` and `cancelled` erased nothing.
 */
export type ErasureState = (typeof ERASURE_STATES)[number];

/** An officer as the erasure module sees one: the token's label and id. */
export interface Officer {
  /** Human-chosen token label; recorded as the actor. */
  name: string;
  tokenId: string;
}

/** What to erase: named messages, or every message where a data subject's address appears in any role. */
export type ErasureTarget = { kind: 'messages'; messageIds: readonly string[] } | { kind: 'subject'; address: string };

/** How far an approved request has got. */
export interface ErasureProgress {
  /** True once the message list is complete (at once for named messages; after resolution for a subject). */
  resolved: boolean;
  /** Messages listed so far. */
  messages: number;
  /** Listed messages the deleter has answered for. */
  processed: number;
  deleted: number;
  refused: number;
}

/** An erasure request as the API shows it. */
export interface ErasureRequest {
  /** 32 lower-case hex characters. */
  id: string;
  target: ErasureTarget['kind'];
  /** The data subject's lower-cased address (target `subject`), else null. */
  subject: string | null;
  reason: string;
  state: ErasureState;
  requestedBy: string;
  /** ISO-8601. */
  requestedAt: string;
  /** Who approved, rejected or cancelled it. */
  decidedBy: string | null;
  decidedAt: string | null;
  /** Why it was rejected or cancelled. */
  decisionReason: string | null;
  progress: ErasureProgress;
  /** Why execution last stopped short (it resumes at the next start); null when it did not. */
  lastError: string | null;
  completedAt: string | null;
}

/** Whether the deleter has answered for a listed message yet, and how. */
export type ErasureMessageOutcome = 'pending' | 'deleted' | 'refused';

/** One listed message and what became of it. */
export interface ErasureMessage {
  messageId: string;
  outcome: ErasureMessageOutcome;
  /** Why the deleter refused it (outcome `refused`), else null. */
  refusal: Pick<DeletionRefusal, 'reason' | 'detail'> | null;
}
