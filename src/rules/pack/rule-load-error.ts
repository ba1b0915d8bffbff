/** One thing wrong in the rule packs, with where to fix it. */
export interface RuleLoadProblem {
  file: string;
  /** 1-based line, or null when the problem is with the file as a whole. */
  line: number | null;
  /** What is wrong and, where it is obvious, how to fix it. */
  message: string;
}

/** Every problem found while loading rule packs, reported at once. Nothing is loaded. */
export class RuleLoadError extends Error {
  override readonly name = 'RuleLoadError';
  constructor(readonly problems: readonly RuleLoadProblem[]) {
    super(`invalid rule packs (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
  }
}

/** `file:line: message`. */
export function formatProblem(problem: RuleLoadProblem): string {
  return `${problem.file}${problem.line === null ? '' : `:${problem.line}`}: ${problem.message}`;
}
