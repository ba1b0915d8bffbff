import type { RetentionAssignment } from '../domain/retention.js';
import type { PolicyLoadProblem } from './policies/retention-policy-load-error.js';
import type { PolicySet } from './policies/retention-policy.js';

/** A recompute of every assignment, started by a policy set coming into force. */
export interface PolicyChange {
  id: number;
  fromVersion: string | null;
  toVersion: string;
  state: 'running' | 'done' | 'superseded';
  /** Messages recomputed so far. */
  examined: number;
  /** Of those, messages whose policy, expiry or action changed. */
  changed: number;
  /** Of those, messages whose expiry changed. */
  expiryChanged: number;
  /** Messages per policy before and after (`''`: none assigned before). */
  before: Record<string, number>;
  after: Record<string, number>;
  startedAt: string;
  finishedAt: string | null;
}

/** What a reload did: a new set in force (and a recompute started), the same set again, or refused. */
export type PolicyReloadOutcome =
  | { ok: true; changed: boolean; version: string }
  | { ok: false; problems: readonly PolicyLoadProblem[]; activeVersion: string };

/**
 * Retention at ingest and on policy change: each archived message gets the policy that governs it
 * and its expiry; a new policy set recomputes every message in the background, resumably.
 */
export interface RetentionService {
  /**
   * Computes and stores the message's assignment with the set in force. Idempotent: call it after
   * every `record` of a copy (a merged copy may bring an earlier receipt or a new journal source).
   * Null when no such message is archived.
   */
  assign(messageId: string): Promise<RetentionAssignment | null>;
  /** The set in force. */
  policies(): PolicySet;
  /**
   * At start-up: when the set in force differs from the stored one, audits and starts a recompute;
   * when a recompute was cut short, continues it from its cursor. Returns once it is started.
   */
  resume(): Promise<void>;
  /** Re-reads the policy files; a valid, different set comes into force as `resume` describes. Invalid files keep the set in force. */
  reloadPolicies(): Promise<PolicyReloadOutcome>;
  /** The newest policy change, null before the first. */
  latestChange(): Promise<PolicyChange | null>;
  /** Resolves when no recompute is running in this process. */
  idle(): Promise<void>;
  /** Stops a running recompute after its current batch (its cursor is kept for `resume`). */
  stop(): Promise<void>;
}
