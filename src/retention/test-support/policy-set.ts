import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../test/support/temp-dir.js';
import { loadRetentionPolicies } from '../policies/load-retention-policies.js';
import type { PolicySet } from '../policies/retention-policy.js';

let root: { path: string; remove: () => void } | null = null;
let counter = 0;

/** Writes policy files (name → YAML) to a fresh directory under one temp root, removed when the test process exits. */
export function writePolicyFiles(files: Record<string, string>): string {
  if (root === null) {
    const made = tempDir('retention-policies');
    process.once('exit', () => made.remove());
    root = made;
  }
  const dir = join(root.path, String(counter++));
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Loads a policy set from YAML text through the real loader. */
export function policySet(yaml: string, internalDomains: string[] = ['corp.example']): Promise<PolicySet> {
  return loadRetentionPolicies({ directory: writePolicyFiles({ 'policies.yaml': yaml }), internalDomains });
}
