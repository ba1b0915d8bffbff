/** Which messages are under a legal hold: the one question every deletion path must ask. */
export interface HoldChecker {
  /** For each of `messageIds` under at least one active hold, the ids of those holds. */
  heldAmong(messageIds: readonly string[]): Promise<Map<string, string[]>>;
}
