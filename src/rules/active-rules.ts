import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { shareRules, type RulesHandle } from '../pipeline/rules-handle.js';
import { CHECKS } from './checks/index.js';
import { DETECTORS } from './detectors/index.js';
import { loadRulePacks, type RulePackDirectory } from './pack/load-rule-packs.js';
import { RuleLoadError } from './pack/rule-load-error.js';
import { createRuleSet, serialiseRuleSet, type RuleSet } from './rule-set.js';

/** The rule set in force, as the pipeline hands it to worker threads. */
export interface ActiveRuleSet {
  ruleSet: RuleSet;
  handle: RulesHandle;
  /** ISO-8601 time it was loaded. */
  loadedAt: string;
}

export type ReloadResult = { ok: true; version: string; changed: boolean } | { ok: false; error: RuleLoadError };

/** The rule set in force and the way to replace it (SIGHUP, `POST /rules/reload`). */
export interface ActiveRules {
  current(): ActiveRuleSet;
  /** Loads the packs again; a set with any problem is refused and the one in force stays. */
  reload(): Promise<ReloadResult>;
}

/**
 * Loads the configured rule packs once, for start-up: shipped packs (`<install>/rules/spam`,
 * `<install>/rules/dlp`), then the site directory, minus `rules.disabled`.
 *
 * @throws RuleLoadError naming every problem (file, line, fix): an invalid pack stops start-up.
 */
export async function loadActiveRules(options: { settings: Readonly<Config['rules']>; shippedRoot: string; logger: Logger }): Promise<ActiveRules> {
  const load = async (): Promise<ActiveRuleSet> => {
    const ruleSet = withoutDisabled(await loadRulePacks({ directories: packDirectories(options), detectors: DETECTORS, checks: CHECKS }), options.settings.disabled);
    return { ruleSet, handle: shareRules(ruleSet.version, serialiseRuleSet(ruleSet)), loadedAt: new Date().toISOString() };
  };
  let active = await load();
  options.logger.info({ version: active.ruleSet.version, rules: active.ruleSet.rules.length }, 'rule packs loaded');
  return {
    current: () => active,
    async reload() {
      try {
        const next = await load();
        const changed = next.ruleSet.version !== active.ruleSet.version;
        if (changed) active = next;
        options.logger.info({ version: active.ruleSet.version, changed }, 'rule packs reloaded');
        return { ok: true, version: active.ruleSet.version, changed };
      } catch (error) {
        if (!(error instanceof RuleLoadError)) throw error;
        options.logger.warn({ problems: error.problems, version: active.ruleSet.version }, 'rule reload refused; the rules in force stay');
        return { ok: false, error };
      }
    },
  };
}

function packDirectories(options: { settings: Readonly<Config['rules']>; shippedRoot: string }): RulePackDirectory[] {
  const directories: RulePackDirectory[] = [];
  if (options.settings.shippedPacks) {
    directories.push({ path: join(options.shippedRoot, 'spam'), kind: 'spam' }, { path: join(options.shippedRoot, 'dlp'), kind: 'dlp' });
  }
  const site = options.settings.siteDirectory;
  if (site !== undefined) {
    // The site directory itself must exist (a wrong path is an error); its spam/ and dlp/ are optional.
    for (const kind of ['spam', 'dlp'] as const) {
      if (existsSync(join(site, kind))) directories.push({ path: join(site, kind), kind });
    }
    directories.push({ path: site });
  }
  return directories;
}

/** The set without the rules and packs `rules.disabled` names; naming one that doesn't exist is an error. */
function withoutDisabled(ruleSet: RuleSet, disabled: readonly string[]): RuleSet {
  if (disabled.length === 0) return ruleSet;
  const unknown = disabled.filter((name) => !ruleSet.rules.some((rule) => rule.id === name || rule.pack === name));
  if (unknown.length > 0) {
    throw new RuleLoadError(unknown.map((name) => ({
      file: 'configuration',
      line: null,
      message: `rules.disabled: no rule or pack is named "${name}"; fix: correct the name or remove it`,
    })));
  }
  const off = new Set(disabled);
  const rules = ruleSet.rules.filter((rule) => !off.has(rule.id) && !off.has(rule.pack));
  const packs = ruleSet.packs.filter((pack) => !off.has(pack.name));
  return createRuleSet({ sources: ruleSet.sources, packs, rules });
}
