import type { RuleAction, RuleKind, Severity } from '../../domain/classification.js';

/** One rule of the active set, as the API shows it. */
export interface RuleSummary {
  id: string;
  kind: RuleKind;
  /** The pack (file name without extension) the rule came from. */
  pack: string;
  description: string;
  /** DLP rules. */
  severity?: Severity;
  /** Spam rules: the score the rule adds (may be negative). */
  score?: number;
  actions: RuleAction[];
}

/** The active rule set. */
export interface RuleSetSummary {
  /** Content hash of the rule set, as classifications record it in `rulesVersion`. */
  version: string;
  /** ISO-8601 time the set was loaded. */
  loadedAt: string;
  rules: RuleSummary[];
}

/** One reason a rule file was refused, as the loader reports it. */
export interface RuleLoadProblem {
  file: string;
  /** 1-based line in the file, when the problem has one. */
  line: number | null;
  message: string;
}

/** What a reload did: swapped in the new set, or refused it and kept the active one. */
export type ReloadOutcome = { ok: true; summary: RuleSetSummary } | { ok: false; errors: RuleLoadProblem[] };

/** What the rules routes need from the rule engine; the application implements it. */
export interface RulesDeps {
  /** The rule set in force now. */
  current(): RuleSetSummary;
  /** Loads every rule file again and swaps the set in atomically, or keeps the old one on any error. */
  reload(): Promise<ReloadOutcome>;
}
