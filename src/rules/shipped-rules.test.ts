import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createAttachmentExtractor } from '../extract/create-attachment-extractor.js';
import { CHECKS } from './checks/index.js';
import { DETECTORS } from './detectors/index.js';
import { describeRuleExamples } from './engine/test-support/rule-example-suite.js';
import { repositoryRoot } from './engine/test-support/repository-root.js';
import { loadRulePacks } from './pack/load-rule-packs.js';

/*
 * Every shipped rule carries examples that must make it fire and counterExamples that must not:
 * this runs them all with the real detectors and checks, one subtest per rule per example.
 */

const directories = ['spam', 'dlp'].map((kind) => join(repositoryRoot(), 'rules', kind)).filter((path) => existsSync(path));
const ruleSet = await loadRulePacks({ directories: directories.map((path) => ({ path })), detectors: DETECTORS, checks: CHECKS });
const usesEml = ruleSet.rules.some((rule) => [...rule.examples, ...rule.counterExamples].some((example) => example.eml !== undefined));
const extractor = usesEml
  ? createAttachmentExtractor({ maxInputBytes: 25 * 1024 * 1024, maxTextBytes: 1024 * 1024, maxArchiveDepth: 3, maxExpandedBytes: 100 * 1024 * 1024, maxArchiveFiles: 1000, timeoutMs: 10_000 })
  : undefined;
after(async () => extractor?.close());

describe('shipped rule packs', () => {
  it('every shipped rule has at least one example and one counterExample', () => {
    const missing = ruleSet.rules.filter((rule) => rule.examples.length === 0 || rule.counterExamples.length === 0).map((rule) => `${rule.pack}/${rule.id}`);
    assert.deepEqual(missing, [], `rules without examples or counterExamples: ${missing.join(', ')}`);
  });
});

describeRuleExamples('shipped rule examples', ruleSet, { detectors: DETECTORS, checks: CHECKS, ...(extractor && { extractor }) });
