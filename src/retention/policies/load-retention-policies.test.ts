import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writePolicyFiles } from '../test-support/policy-set.js';
import { loadRetentionPolicies } from './load-retention-policies.js';
import { RetentionPolicyLoadError } from './retention-policy-load-error.js';

const repository = new URL('../../../../', import.meta.url).pathname;
const internalDomains = ['corp.example'];

async function refused(files: Record<string, string>, domains = internalDomains): Promise<RetentionPolicyLoadError> {
  try {
    await loadRetentionPolicies({ directory: writePolicyFiles(files), internalDomains: domains });
  } catch (error) {
    assert.ok(error instanceof RetentionPolicyLoadError, `expected RetentionPolicyLoadError, got ${String(error)}`);
    return error;
  }
  assert.fail('the policies loaded, but they should have been refused');
}

function assertProblem(error: RetentionPolicyLoadError, file: string, line: number | null, pattern: RegExp): void {
  const found = error.problems.find((p) => p.file.endsWith(file) && p.line === line && pattern.test(p.message));
  assert.ok(found, `no problem ${file}:${line} ${pattern} in:\n${error.message}`);
  if (line !== null) assert.match(error.message, new RegExp(`${file.replace('.', '\\.')}:${line}: `));
}

const DEFAULT = 'policies:\n  - { id: default, description: d, period: { years: 7 }, action: delete }\n';

describe('loadRetentionPolicies', () => {
  it('loads every scope kind, lower-cased and sorted, with the file and line of each policy', async () => {
    const set = await loadRetentionPolicies({ directory: join(repository, 'test/fixtures/retention/good'), internalDomains });
    assert.deepEqual(set.policies.map((p) => p.id), ['default', 'finance-outbound', 'regulated']);
    const [, finance, regulated] = set.policies;
    assert.deepEqual(finance?.scope, { senders: ['@finance.corp.example', 'ceo@corp.example'], direction: ['outbound'], attachmentTypes: ['application/pdf', 'image/*'] });
    assert.deepEqual(finance?.period, { unit: 'months', count: 18 });
    assert.match(finance?.source ?? '', /good\/base\.yaml:7$/);
    assert.equal(regulated?.erasable, false);
    assert.deepEqual(regulated?.period, { unit: 'forever' });
    assert.deepEqual(regulated?.scope.tags, ['pci']);
    assert.equal(regulated?.scope.query?.text, 'subject:invoice OR has:attachment');
    assert.equal(regulated?.scope.query?.ast.type, 'or');
    assert.equal(set.policies[0]?.priority, 0);
    assert.equal(set.policies[0]?.erasable, true);
    assert.match(set.version, /^[0-9a-f]{64}$/);
  });

  it('loads the shipped example policies', async () => {
    const set = await loadRetentionPolicies({ directory: join(repository, 'retention-policies'), internalDomains: [] });
    assert.deepEqual(set.policies.map((p) => `${p.id}:${p.priority}:${p.action}`), [
      'broker-dealer-17a-4:20:delete', 'default:0:delete', 'legal-department-forever:20:review', 'spam-90-days:10:review',
    ]);
    assert.equal(set.policies.find((p) => p.id === 'broker-dealer-17a-4')?.erasable, false);
  });

  it('gives the same version for a reworded or reordered set, and a new one when a period changes', async () => {
    const a = await loadRetentionPolicies({ directory: writePolicyFiles({ 'a.yaml': `${DEFAULT}  - { id: x, description: one, scope: { tags: [b, a] }, period: { days: 5 }, action: review }\n` }), internalDomains });
    const b = await loadRetentionPolicies({ directory: writePolicyFiles({ 'z.yaml': `policies:\n  - { id: x, description: two, scope: { tags: [a, b] }, period: { days: 5 }, action: review }\n`, 'a.yaml': DEFAULT.replace('description: d', 'description: other') }), internalDomains });
    const c = await loadRetentionPolicies({ directory: writePolicyFiles({ 'a.yaml': `${DEFAULT}  - { id: x, description: one, scope: { tags: [a, b] }, period: { days: 6 }, action: review }\n` }), internalDomains });
    assert.equal(a.version, b.version);
    assert.notEqual(a.version, c.version);
  });

  it('reports schema errors at their file and line, all at once', async () => {
    const error = await refused({
      'a.yaml': `${DEFAULT}  - id: Bad_Id
    description: x
    period: { weeks: 2 }
    action: archive
  - id: typo
    description: x
    scope:
      sender: a@b.example
    period: forever
    action: delete
`,
      'b.yaml': `policies:
  - id: q
    description: x
    scope:
      query: 'subject:(unclosed'
    period: { years: 0 }
    action: delete
`,
    });
    assertProblem(error, 'a.yaml', 3, /id: a policy id is lower-case/);
    assertProblem(error, 'a.yaml', 5, /period is `forever` or one of/);
    assertProblem(error, 'a.yaml', 6, /action: Invalid option/);
    assertProblem(error, 'a.yaml', 10, /scope\.sender: unknown key "sender"; allowed here: senders, recipients/);
    assertProblem(error, 'b.yaml', 5, /query does not parse: .* at \d+/);
    assertProblem(error, 'b.yaml', 6, /period/);
  });

  it('refuses YAML syntax errors, duplicate ids across files, and direction without internal domains', async () => {
    const syntax = await refused({ 'a.yaml': `${DEFAULT}  - { id: x\n` });
    assertProblem(syntax, 'a.yaml', 4, /YAML syntax/);
    const duplicate = await refused({ 'a.yaml': DEFAULT, 'b.yaml': `\n${DEFAULT}` });
    assertProblem(duplicate, 'b.yaml', 3, /duplicate policy id "default", first defined at .*a\.yaml:2/);
    const direction = await refused({ 'a.yaml': `${DEFAULT}  - { id: out, description: d, scope: { direction: outbound }, period: forever, action: delete }\n` }, []);
    assertProblem(direction, 'a.yaml', 3, /set rules\.internalDomains/);
  });

  it('refuses a set without a default policy, and a directory that does not exist', async () => {
    const error = await refused({ 'a.yaml': 'policies:\n  - { id: spam, description: d, scope: { spamVerdict: spam }, period: { days: 9 }, action: delete }\n' });
    assert.equal(error.problems.length, 1);
    assert.match(error.problems[0]?.message ?? '', /no default policy/);
    await assert.rejects(loadRetentionPolicies({ directory: '/nonexistent/policies', internalDomains }), (e: unknown) => e instanceof RetentionPolicyLoadError && /cannot read the retention policy directory \(ENOENT\)/.test(e.message));
  });
});
