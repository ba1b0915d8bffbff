import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttachmentExtractor } from '../../../extract/extraction.js';
import { exampleToView } from '../../pack/example-to-view.js';
import type { RuleSet } from '../../rule-set.js';
import { compileRuleSet, type CompileRuleSetOptions } from '../compile-rule-set.js';

/** Options for running a rule set's examples; internal domains and threshold have example defaults. */
export interface RuleExampleSuiteOptions extends Pick<CompileRuleSetOptions, 'detectors' | 'checks'> {
  /** Reads attachments of `eml:` examples. */
  extractor?: AttachmentExtractor;
}

/** The domain examples treat as internal: their default recipient is `user@internal.example`. */
export const EXAMPLE_INTERNAL_DOMAINS = ['internal.example'];

/**
 * Declares one test per rule per example: each of a rule's `examples` must make it fire, each
 * of its `counterExamples` must not. Subtests are named `<rule id> example <n>` and
 * `<rule id> counterExample <n>` (n from 1), so a failure names the rule and the example.
 */
export function describeRuleExamples(title: string, ruleSet: RuleSet, options: RuleExampleSuiteOptions): void {
  const engine = compileRuleSet(ruleSet, { internalDomains: EXAMPLE_INTERNAL_DOMAINS, spamThreshold: 5, detectors: options.detectors, checks: options.checks });
  const viewOptions = options.extractor ? { extractor: options.extractor } : {};
  describe(title, () => {
    for (const rule of ruleSet.rules) {
      const cases = [
        ...rule.examples.map((example, index) => ({ example, name: `${rule.id} example ${index + 1}`, fires: true })),
        ...rule.counterExamples.map((example, index) => ({ example, name: `${rule.id} counterExample ${index + 1}`, fires: false })),
      ];
      for (const { example, name, fires } of cases) {
        it(`${name} ${fires ? 'fires' : 'does not fire'}`, async () => {
          const result = engine.classify(await exampleToView(example, viewOptions));
          const hit = result.hits.find((h) => h.ruleId === rule.id);
          if (fires) assert.ok(hit, `${name}: rule ${rule.id} (${rule.pack}) did not fire; rules that did: ${result.hits.map((h) => h.ruleId).join(', ') || 'none'}`);
          else assert.equal(hit, undefined, `${name}: rule ${rule.id} (${rule.pack}) fired on a counterExample; evidence: ${JSON.stringify(hit?.evidence)}`);
        });
      }
    }
  });
}
