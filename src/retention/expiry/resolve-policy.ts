import type { RetentionPolicy } from '../policies/retention-policy.js';
import { addPeriod } from './add-period.js';

/** The policy that governs a message, and the instant its period ends (null: never). */
export interface Resolution {
  policy: RetentionPolicy;
  policyExpiresAt: number | null;
}

/**
 * Chooses among the policies whose scope matches a message received at `receivedAt`: the highest
 * priority class wins; within it the longest period, measured on this message's own dates (so
 * "30 days" and "1 month" compare correctly), `forever` longest of all; a tie goes to the policy
 * whose id sorts first. Null only when nothing matches, which a loaded set's default policy prevents.
 */
export function resolvePolicy(matching: readonly RetentionPolicy[], receivedAt: number): Resolution | null {
  let best: Resolution | null = null;
  for (const policy of matching) {
    const candidate = { policy, policyExpiresAt: addPeriod(receivedAt, policy.period) };
    if (best === null || beats(candidate, best)) best = candidate;
  }
  return best;
}

function beats(a: Resolution, b: Resolution): boolean {
  if (a.policy.priority !== b.policy.priority) return a.policy.priority > b.policy.priority;
  if (a.policyExpiresAt !== b.policyExpiresAt) {
    if (a.policyExpiresAt === null) return true;
    if (b.policyExpiresAt === null) return false;
    return a.policyExpiresAt > b.policyExpiresAt;
  }
  return a.policy.id < b.policy.id;
}
