import type { ReloadOutcome, RulesDeps, RuleSetSummary } from '../api/routes/rules-deps.js';
import type { ActiveRules, ActiveRuleSet } from '../rules/active-rules.js';

/** The rules routes' view of the rule set in force and its reload. */
export function rulesApi(rules: ActiveRules): RulesDeps {
  return {
    current: () => summaryOf(rules.current()),
    async reload(): Promise<ReloadOutcome> {
      const result = await rules.reload();
      return result.ok ? { ok: true, summary: summaryOf(rules.current()) } : { ok: false, errors: [...result.error.problems] };
    },
  };
}

function summaryOf(active: ActiveRuleSet): RuleSetSummary {
  return {
    version: active.ruleSet.version,
    loadedAt: active.loadedAt,
    rules: active.ruleSet.rules.map((rule) => ({
      id: rule.id,
      kind: rule.kind,
      pack: rule.pack,
      description: rule.description,
      ...(rule.severity === undefined ? {} : { severity: rule.severity }),
      ...(rule.score === undefined ? {} : { score: rule.score }),
      actions: rule.actions,
    })),
  };
}
