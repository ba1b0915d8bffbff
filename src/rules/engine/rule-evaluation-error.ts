/**
 * A rule failed while classifying a message. Classification stops: a message is never passed as
 * clean because a rule could not run (the pipeline retries, then records status `error`).
 */
export class RuleEvaluationError extends Error {
  override readonly name = 'RuleEvaluationError';
  constructor(readonly ruleId: string, cause: unknown) {
    super(`rule ${ruleId} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
