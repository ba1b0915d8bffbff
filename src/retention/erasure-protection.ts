/** Whether retention policy forbids erasing messages before their period ends (e.g. SEC 17a-4 records). */
export interface ErasureProtection {
  /** For each of `messageIds` a policy protects from erasure now: the reason (policy and until when). */
  protectedAmong(messageIds: readonly string[]): Promise<Map<string, string>>;
}
