import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { issueProblems, readYamlSource } from '../../yaml/yaml-source.js';
import { policyFileSchema } from './policy-schema.js';
import { policySetVersion } from './policy-set-version.js';
import { RetentionPolicyLoadError, type PolicyLoadProblem } from './retention-policy-load-error.js';
import type { PolicySet, RetentionPolicy } from './retention-policy.js';

export interface LoadRetentionPoliciesOptions {
  /** Directory of `*.yaml` / `*.yml` policy files, read in name order. */
  directory: string;
  /** Config `rules.internalDomains`: what `direction` scopes mean by internal. */
  internalDomains: readonly string[];
}

/**
 * Reads and validates every policy file in a directory.
 *
 * @throws RetentionPolicyLoadError with every problem (file, line, reason) when anything is wrong,
 *   including a duplicate id, a `direction` scope without internal domains, or no default policy
 *   (one with an empty scope): nothing is half-loaded, so a reload keeps the last good set.
 */
export async function loadRetentionPolicies(options: LoadRetentionPoliciesOptions): Promise<PolicySet> {
  const directory = resolve(options.directory);
  const problems: PolicyLoadProblem[] = [];
  const policies: RetentionPolicy[] = [];
  const sources: string[] = [];
  let names: string[] = [];
  try {
    names = (await readdir(directory)).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch (error) {
    problems.push({ file: directory, line: null, message: `cannot read the retention policy directory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); fix retention.policiesDirectory in the configuration` });
  }
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = join(directory, name);
    sources.push(file);
    for (const policy of await loadPolicyFile(file, problems)) {
      const earlier = seen.get(policy.id);
      const [, line] = /:(\d+)$/.exec(policy.source) ?? [];
      if (earlier) {
        problems.push({ file, line: Number(line), message: `duplicate policy id "${policy.id}", first defined at ${earlier}; policy ids are unique across all files` });
        continue;
      }
      seen.set(policy.id, policy.source);
      if (policy.scope.direction && options.internalDomains.length === 0) {
        problems.push({ file, line: Number(line), message: 'a direction scope needs your domains: set rules.internalDomains in the configuration' });
      }
      policies.push(policy);
    }
  }
  if (problems.length === 0 && !policies.some((p) => Object.keys(p.scope).length === 0)) {
    problems.push({ file: directory, line: null, message: 'no default policy: add one without a scope (it covers every message no other policy takes), e.g. `id: default`, `period: { years: 7 }`, `action: delete`' });
  }
  if (problems.length > 0) throw new RetentionPolicyLoadError(problems);
  policies.sort((a, b) => (a.id < b.id ? -1 : 1));
  const internalDomains = [...options.internalDomains];
  return { version: policySetVersion(policies, internalDomains), policies, internalDomains, sources };
}

async function loadPolicyFile(file: string, problems: PolicyLoadProblem[]): Promise<RetentionPolicy[]> {
  const source = await readYamlSource(file, problems, { what: 'policy file' });
  if (!source) return [];
  const parsed = policyFileSchema.safeParse(source.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...issueProblems(issue, source));
    return [];
  }
  return parsed.data.policies.map((policy, index) => ({ ...policy, source: `${file}:${source.lineOf(['policies', index, 'id'])}` }));
}
