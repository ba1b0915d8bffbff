import { bayesProbability, type BayesModel } from '../rules/bayes/index.js';
import { CHECKS } from '../rules/checks/index.js';
import { DETECTORS } from '../rules/detectors/index.js';
import { compileRuleSet, type RuleEngine } from '../rules/engine/compile-rule-set.js';
import { deserialiseRuleSet } from '../rules/rule-set.js';
import type { RulesHandle } from './rules-handle.js';
import type { AuthSettings } from './stages/classify/auth-stage.js';

/** The `rules` settings a worker thread needs to compile and run rule sets. */
export interface RuleEngineSettings extends AuthSettings {
  internalDomains: string[];
  spamThreshold: number;
  /** The trained model (`rules.bayesModelFile`, validated at start-up); null when Bayes is off. */
  bayesModel: BayesModel | null;
}

/**
 * Compiled engines by rule-set version, for one worker thread. A task names the version in force
 * when it was handed out; the first task with a new version compiles it, the rest reuse it. Only
 * the newest engine is kept: versions only move forward, and an old one is never asked again.
 */
export function createRuleEngineCache(settings: RuleEngineSettings): { engineFor(handle: RulesHandle): RuleEngine } {
  let cached: RuleEngine | null = null;
  const bayes = settings.bayesModel ? bayesProbability(settings.bayesModel) : undefined;
  return {
    engineFor(handle) {
      if (cached?.rulesVersion !== handle.version) {
        const ruleSet = deserialiseRuleSet(new Uint8Array(handle.definitions));
        const options = { internalDomains: settings.internalDomains, spamThreshold: settings.spamThreshold, detectors: DETECTORS, checks: CHECKS };
        cached = compileRuleSet(ruleSet, bayes ? { ...options, bayes } : options);
      }
      return cached;
    },
  };
}
