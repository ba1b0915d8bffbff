import { loadRulePacks } from '../pack/load-rule-packs.js';
import { fakeRegistries } from './test-support/fake-registries.js';
import { ruleFixture } from './test-support/repository-root.js';
import { describeRuleExamples } from './test-support/rule-example-suite.js';

// The fixture packs' examples, run the way the shipped packs' are: proves the table-driven runner
// and the example defaults (sender, recipients, sniffed types, keyword files) end to end.
const { detectors, checks } = fakeRegistries();
const ruleSet = await loadRulePacks({
  directories: [{ path: ruleFixture('good', 'spam') }, { path: ruleFixture('good', 'dlp') }, { path: ruleFixture('good', 'site') }],
  detectors,
  checks,
});
describeRuleExamples('fixture rule examples', ruleSet, { detectors, checks });
