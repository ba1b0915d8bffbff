/**
 * The active rule set as worker threads receive it: its serialised definitions in shared memory
 * (passed with every task without being copied) and its version. A worker compiles a version
 * once and reuses it until a task names another, so a reload reaches every thread, including
 * threads started later, with no broadcast to miss.
 */
export interface RulesHandle {
  version: string;
  /** UTF-8 JSON of the rule set (`serialiseRuleSet`). Never written after it is shared. */
  definitions: SharedArrayBuffer;
}

/** Copies serialised definitions into shared memory once, for every task to come. */
export function shareRules(version: string, serialised: Uint8Array): RulesHandle {
  const definitions = new SharedArrayBuffer(serialised.byteLength);
  new Uint8Array(definitions).set(serialised);
  return { version, definitions };
}
