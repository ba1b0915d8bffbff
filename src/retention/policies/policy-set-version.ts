import { createHash } from 'node:crypto';
import type { RetentionPolicy } from './retention-policy.js';

/**
 * The content hash of what decides assignments: each policy's id, scope (a query by its text),
 * period, action, priority and erasability, sorted by id, and the internal domains when a
 * `direction` scope depends on them. Descriptions and file locations are left out, so rewording
 * or moving a policy does not start a recompute of every message. The schema emits keys in a
 * fixed order and scope lists sorted, so equal policies always give equal JSON.
 */
export function policySetVersion(policies: readonly RetentionPolicy[], internalDomains: readonly string[]): string {
  const significant = [...policies]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((p) => ({
      id: p.id,
      scope: { ...p.scope, query: p.scope.query?.text },
      period: p.period,
      action: p.action,
      priority: p.priority,
      erasable: p.erasable,
    }));
  const usesDirection = policies.some((p) => p.scope.direction !== undefined);
  const payload = { policies: significant, internalDomains: usesDirection ? [...internalDomains].sort() : [] };
  return createHash('sha256').update(JSON.stringify(payload)).digest('hex');
}
