import { formatProblem, type RuleLoadProblem } from '../../rules/pack/rule-load-error.js';

/** One thing wrong in the report definitions: file, 1-based line (or null), what and how to fix it. */
export type ReportDefinitionProblem = RuleLoadProblem;

/** Every problem found while loading report definitions, reported at once. Nothing is loaded. */
export class ReportDefinitionError extends Error {
  override readonly name = 'ReportDefinitionError';
  constructor(readonly problems: readonly ReportDefinitionProblem[]) {
    super(`invalid report definitions (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
  }
}
