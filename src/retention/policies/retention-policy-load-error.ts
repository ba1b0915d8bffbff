import { formatProblem, type RuleLoadProblem } from '../../rules/pack/rule-load-error.js';

/** One thing wrong in the retention policy files: file, 1-based line (or null), what and how to fix it. */
export type PolicyLoadProblem = RuleLoadProblem;

/** Every problem found while loading retention policies, reported at once. Nothing is loaded. */
export class RetentionPolicyLoadError extends Error {
  override readonly name = 'RetentionPolicyLoadError';
  constructor(readonly problems: readonly PolicyLoadProblem[]) {
    super(`invalid retention policies (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
  }
}
