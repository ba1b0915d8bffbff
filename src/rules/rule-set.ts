import { createHash } from 'node:crypto';
import { canonicalJson } from '../integrity/canonical-json.js';
import type { PackDefinition, RuleDefinition } from './pack/rule-definition.js';

/**
 * Validated rule packs as plain data: what the loader produces, what crosses to worker threads
 * (as bytes) and what the engine compiles. Immutable once made.
 */
export interface RuleSet {
  /** SHA-256 (hex) of the canonical serialisation of what classifies: packs and rules without examples or file paths. */
  version: string;
  /** Every file the set was read from (pack files and keyword files), absolute. */
  sources: string[];
  packs: PackDefinition[];
  /** In evaluation order: packs sorted by directory then file name, rules in file order. */
  rules: RuleDefinition[];
}

/** A rule set with its version computed. */
export function createRuleSet(parts: Omit<RuleSet, 'version'>): RuleSet {
  return { version: ruleSetVersion(parts), ...parts };
}

/**
 * The content hash of what decides a classification. Examples and file locations are left out,
 * so moving the packs or adding an example does not make every stored verdict look stale.
 */
export function ruleSetVersion(parts: Pick<RuleSet, 'packs' | 'rules'>): string {
  const significant = {
    packs: parts.packs.map(({ file: _file, ...pack }) => pack),
    rules: parts.rules.map(({ examples: _examples, counterExamples: _counter, ...rule }) => rule),
  };
  return createHash('sha256').update(canonicalJson(significant)).digest('hex');
}

/** The rule set as UTF-8 JSON bytes, for a worker thread or a file. */
export function serialiseRuleSet(ruleSet: RuleSet): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(ruleSet));
}

/**
 * A rule set back from {@link serialiseRuleSet}'s bytes.
 *
 * @throws Error when the bytes are not a rule set or its content no longer matches its version.
 */
export function deserialiseRuleSet(bytes: Uint8Array): RuleSet {
  const value = JSON.parse(new TextDecoder().decode(bytes)) as RuleSet;
  if (typeof value?.version !== 'string' || !Array.isArray(value.rules) || !Array.isArray(value.packs) || !Array.isArray(value.sources)) {
    throw new Error('not a serialised rule set');
  }
  const actual = ruleSetVersion(value);
  if (actual !== value.version) throw new Error(`rule set content does not match its version ${value.version} (got ${actual})`);
  return value;
}
