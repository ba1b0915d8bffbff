import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { tempDir } from '../../../test/support/temp-dir.js';
import { fakeRegistries } from '../engine/test-support/fake-registries.js';
import { ruleFixture } from '../engine/test-support/repository-root.js';
import { deserialiseRuleSet, serialiseRuleSet } from '../rule-set.js';
import { loadRulePacks } from './load-rule-packs.js';
import { RuleLoadError } from './rule-load-error.js';

const { detectors, checks } = fakeRegistries();
const scratch = tempDir('rule-packs');
after(() => scratch.remove());
let counter = 0;

/** Writes files (path → text) under a fresh directory and loads it as a `kind` directory. */
async function loadFiles(files: Record<string, string>, kind = 'spam'): Promise<RuleLoadError> {
  const root = join(scratch.path, String(counter++), kind);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  try {
    await loadRulePacks({ directories: [{ path: root }], detectors, checks });
  } catch (error) {
    assert.ok(error instanceof RuleLoadError, `expected RuleLoadError, got ${String(error)}`);
    return error;
  }
  assert.fail('the packs loaded, but they should have been refused');
}

/** Asserts one problem names the file and line and says `pattern`. */
function assertProblem(error: RuleLoadError, file: string, line: number, pattern: RegExp): void {
  const found = error.problems.find((p) => p.file.endsWith(file) && p.line === line && pattern.test(p.message));
  assert.ok(found, `no problem ${file}:${line} ${pattern} in:\n${error.message}`);
  assert.match(error.message, new RegExp(`${file.replace('.', '\\.')}:${line}: `));
}

const spamRule = (when: string, extra = '') => `description: t
rules:
  - id: r1
    description: a rule
    score: 1
    when:
${when.split('\n').map((l) => `      ${l}`).join('\n')}
${extra}`;

describe('loadRulePacks', () => {
  it('loads the good fixture packs with kinds from directory names and a kind: key', async () => {
    const ruleSet = await loadRulePacks({
      directories: [{ path: ruleFixture('good', 'spam') }, { path: ruleFixture('good', 'dlp') }, { path: ruleFixture('good', 'site') }],
      detectors,
      checks,
    });
    assert.deepEqual(ruleSet.packs.map((p) => `${p.kind}:${p.name}`), ['spam:basic', 'dlp:secrets', 'spam:local']);
    assert.deepEqual(ruleSet.rules.map((r) => r.id), ['test-subject-viagra', 'test-gtube', 'test-known-sender', 'test-card-numbers', 'test-confidential-words', 'test-site-exe-as-text']);
    assert.match(ruleSet.version, /^[0-9a-f]{64}$/);
    assert.ok(ruleSet.sources.some((s) => s.endsWith('keywords/confidential.txt')));
    const words = ruleSet.rules.find((r) => r.id === 'test-confidential-words');
    assert.deepEqual(words?.when, { type: 'text', field: 'attachmentText', matcher: { op: 'keywords', terms: ['confidential', 'internal use only', 'do not forward', 'vertraulich'], minCount: 2, file: 'keywords/confidential.txt' } });
    const card = ruleSet.rules.find((r) => r.id === 'test-card-numbers');
    assert.deepEqual(card?.actions, [{ action: 'incident' }, { action: 'tag', tag: 'pci' }, { action: 'notify', to: [] }, { action: 'reject', text: '550 5.7.1 Card data may not leave the company' }]);
    assert.equal(card?.severity, 'high');
  });

  it('gives a dlp rule the incident action by default and a spam rule none', async () => {
    const root = join(scratch.path, 'defaults');
    mkdirSync(join(root, 'dlp'), { recursive: true });
    mkdirSync(join(root, 'spam'), { recursive: true });
    writeFileSync(join(root, 'dlp', 'a.yaml'), 'rules:\n  - { id: d1, description: d, severity: low, when: { body: secret } }\n');
    writeFileSync(join(root, 'spam', 'b.yaml'), 'rules:\n  - { id: s1, description: s, score: 1, when: { body: offer } }\n');
    const ruleSet = await loadRulePacks({ directories: [{ path: join(root, 'dlp') }, { path: join(root, 'spam') }], detectors, checks });
    assert.deepEqual(ruleSet.rules.map((r) => r.actions), [[{ action: 'incident' }], []]);
    assert.deepEqual(ruleSet.rules[0]?.when, { type: 'text', field: 'body', matcher: { op: 'contains', terms: ['secret'] } });
  });

  it('round-trips a rule set through bytes and refuses bytes whose content was changed', async () => {
    const ruleSet = await loadRulePacks({ directories: [{ path: ruleFixture('good', 'dlp') }], detectors, checks });
    const bytes = serialiseRuleSet(ruleSet);
    assert.ok(bytes instanceof Uint8Array);
    assert.deepEqual(deserialiseRuleSet(bytes), ruleSet);
    const tampered = new TextEncoder().encode(new TextDecoder().decode(bytes).replace('"severity":"high"', '"severity":"low"'));
    assert.throws(() => deserialiseRuleSet(tampered), /does not match its version/);
  });

  it('keeps the version when only examples change, and changes it when a rule does', async () => {
    const load = async (score: string, example: string) => {
      const root = join(scratch.path, `version-${counter++}`, 'spam');
      mkdirSync(root, { recursive: true });
      writeFileSync(join(root, 'v.yaml'), `rules:\n  - { id: v1, description: v, score: ${score}, when: { body: x }, examples: [{ body: "${example}" }] }\n`);
      return (await loadRulePacks({ directories: [{ path: root }], detectors, checks })).version;
    };
    assert.equal(await load('1', 'x one'), await load('1', 'x two'));
    assert.notEqual(await load('1', 'x one'), await load('2', 'x one'));
  });

  it('reports YAML syntax errors with their line', async () => {
    const error = await loadFiles({ 'bad.yaml': 'rules:\n  - id: a\n    description: [unclosed\n' });
    assert.ok(error.problems.some((p) => p.file.endsWith('bad.yaml') && p.line !== null && /YAML syntax/.test(p.message)), error.message);
  });

  it('reports a missing required key at the rule and a wrong type at the value', async () => {
    const error = await loadFiles({ 'a.yaml': 'rules:\n  - id: r1\n    score: 1\n    when: { body: x }\n  - id: r2\n    description: d\n    score: lots\n    when: { body: x }\n' });
    assertProblem(error, 'a.yaml', 2, /rules\.0\.description: .*expected string/);
    assertProblem(error, 'a.yaml', 7, /rules\.1\.score: .*expected number/);
  });

  it('reports an unknown key at its own line with the allowed keys', async () => {
    const error = await loadFiles({ 'a.yaml': spamRule('body: x', '    exampels: []') });
    assertProblem(error, 'a.yaml', 8, /unknown key "exampels"; allowed here: .*examples/);
  });

  it('reports an unknown condition key and a condition with two keys', async () => {
    const error = await loadFiles({ 'a.yaml': spamRule('all:\n  - bodyy: x\n  - subject: a\n    body: b') });
    assertProblem(error, 'a.yaml', 8, /unknown key "bodyy"; allowed here: all, any, not, subject/);
    assert.equal(error.problems.length, 2, error.message);
    assertProblem(error, 'a.yaml', 9, /one condition per list item, found subject and body; combine them with all: or any:/);
  });

  it('shows RE2\'s message for an invalid regular expression', async () => {
    const error = await loadFiles({ 'a.yaml': spamRule('subject:\n  matches: "(?=lookahead)x"') });
    assertProblem(error, 'a.yaml', 8, /invalid regular expression .*: invalid perl operator: \(\?=/);
  });

  it('lists the known detectors for an unknown detector id', async () => {
    const error = await loadFiles({ 'a.yaml': spamRule('detector: credit-kard\nminCount: 2') });
    assertProblem(error, 'a.yaml', 7, /unknown detector "credit-kard"; known detectors: broken, credit-card/);
  });

  it('lists the known checks for an unknown check id', async () => {
    const error = await loadFiles({ 'a.yaml': spamRule('check: gtub') });
    assertProblem(error, 'a.yaml', 7, /unknown check "gtub"; known checks: gtube/);
  });

  it('refuses detector options on another condition', async () => {
    const error = await loadFiles({ 'a.yaml': spamRule('body: x\nminCount: 2') });
    assertProblem(error, 'a.yaml', 8, /minCount: only allowed beside detector:/);
  });

  it('reports a keywords file that cannot be read, relative to the pack', async () => {
    const error = await loadFiles({ 'a.yaml': spamRule('body: { keywordsFile: lists/missing.txt }') });
    assertProblem(error, 'a.yaml', 7, /cannot read keywords file .*spam\/lists\/missing\.txt \(ENOENT\); the path is relative to the pack file/);
  });

  it('refuses a keyword with punctuation at its edge', async () => {
    const error = await loadFiles({ 'a.yaml': spamRule('body:\n  keywords: [fine, c++]') });
    assertProblem(error, 'a.yaml', 8, /keyword "c\+\+" must start and end with a letter or digit/);
  });

  it('requires a score on spam rules and a severity on dlp rules', async () => {
    const spam = await loadFiles({ 'a.yaml': 'rules:\n  - id: r1\n    description: d\n    severity: high\n    when: { body: x }\n' });
    assertProblem(spam, 'a.yaml', 2, /a spam rule needs a score/);
    assertProblem(spam, 'a.yaml', 4, /severity is for dlp rules/);
    const dlp = await loadFiles({ 'a.yaml': 'rules:\n  - id: r1\n    description: d\n    when: { body: x }\n' }, 'dlp');
    assertProblem(dlp, 'a.yaml', 2, /a dlp rule needs a severity: low, medium, high, critical/);
  });

  it('reports bad actions with the list of actions', async () => {
    const error = await loadFiles({ 'a.yaml': spamRule('body: x', '    actions:\n      - quarantine\n      - tag\n      - redirect: not-an-address\n      - explode') });
    assertProblem(error, 'a.yaml', 10, /action "tag" needs a value, e.g. tag: pci/);
    assertProblem(error, 'a.yaml', 11, /redirect needs one email address/);
    assertProblem(error, 'a.yaml', 12, /unknown action "explode"; actions: tag, incident, notify, quarantine, reject, redirect/);
  });

  it('reports a bad rule id and a bad example key', async () => {
    const error = await loadFiles({ 'a.yaml': 'rules:\n  - id: Bad_Id\n    description: d\n    score: 1\n    when: { body: x }\n    examples:\n      - { body: x, attachment: [] }\n' });
    assertProblem(error, 'a.yaml', 2, /rule id is lower-case letters/);
    assertProblem(error, 'a.yaml', 7, /unknown key "attachment"; allowed here: .*attachments/);
  });

  it('refuses other message keys beside an eml: example', async () => {
    const error = await loadFiles({ 'a.yaml': spamRule('body: x', '    examples:\n      - subject: s\n        eml: "Subject: s\\r\\n\\r\\nx"') });
    assertProblem(error, 'a.yaml', 9, /only envelope and auth may go beside it, not subject/);
  });

  it('names both files for a rule id defined twice', async () => {
    const rule = 'rules:\n  - { id: same, description: d, score: 1, when: { body: x } }\n';
    const error = await loadFiles({ 'a.yaml': rule, 'b.yaml': `description: second\n${rule}` });
    assert.equal(error.problems.length, 1);
    assertProblem(error, 'b.yaml', 3, /duplicate rule id "same", first defined at .*a\.yaml:2/);
  });

  it('asks for kind: in a site directory, and refuses a kind that contradicts the directory', async () => {
    const site = await loadFiles({ 'a.yaml': 'rules: []\n' }, 'site-rules');
    assertProblem(site, 'a.yaml', 1, /add `kind: spam` or `kind: dlp`/);
    const contradicts = await loadFiles({ 'a.yaml': 'description: d\nkind: dlp\nrules: []\n' }, 'spam');
    assertProblem(contradicts, 'a.yaml', 2, /kind: dlp contradicts the spam directory/);
  });

  it('reports every problem in every file at once', async () => {
    const error = await loadFiles({ 'a.yaml': spamRule('check: nope'), 'b.yaml': spamRule('detector: nope').replace('r1', 'r2'), 'c.yaml': '- not a mapping\n' });
    assert.equal(error.problems.length, 3, error.message);
    assert.deepEqual(error.problems.map((p) => p.file.slice(-6)), ['a.yaml', 'b.yaml', 'c.yaml']);
  });

  it('reports a directory that does not exist', async () => {
    await assert.rejects(loadRulePacks({ directories: [{ path: join(scratch.path, 'nowhere') }], detectors, checks }), (error: RuleLoadError) => {
      assert.match(error.message, /nowhere: cannot read the rule directory \(ENOENT\)/);
      return true;
    });
  });
});
