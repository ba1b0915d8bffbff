/** What retention decided for one message at ingest (or when policies changed). */
export interface RetentionAssignment {
  /** The policy whose period applies. */
  policyId: string;
  /** ISO-8601 instant the message expires; null for `forever`. */
  expiresAt: string | null;
  /** What happens at expiry: deleted by a sweep, or listed for a person to decide. */
  action: 'delete' | 'review';
}
