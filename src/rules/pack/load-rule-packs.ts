import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { RuleKind } from '../../domain/classification.js';
import { issueProblems, readYamlSource } from '../../yaml/yaml-source.js';
import { createRuleSet, type RuleSet } from '../rule-set.js';
import type { ConditionContext } from './condition-schema.js';
import { createPackSchema } from './pack-schema.js';
import type { PackDefinition, RuleDefinition } from './rule-definition.js';
import { RuleLoadError, type RuleLoadProblem } from './rule-load-error.js';

/** A directory of `*.yaml` pack files. */
export interface RulePackDirectory {
  path: string;
  /**
   * The kind of every pack in it. Default: the directory's name when it is `spam` or `dlp`;
   * otherwise each file must say `kind: spam|dlp`.
   */
  kind?: RuleKind;
}

export interface LoadRulePacksOptions {
  /** Read in order; within one, files in name order. A directory that does not exist is an error. */
  directories: readonly RulePackDirectory[];
  /** The detector registry (only the ids are used here): `detector:` must name one of them. */
  detectors: ReadonlyMap<string, unknown>;
  /** The heuristic check registry (ids only): `check:` must name one of them. */
  checks: ReadonlyMap<string, unknown>;
}

const KINDS: readonly string[] = ['spam', 'dlp'];

/**
 * Reads and validates every rule pack, resolving `keywordsFile`s relative to their pack.
 *
 * @throws RuleLoadError with every problem (file, line, reason and fix) when anything is wrong:
 *   nothing is half-loaded, so a reload can keep the last good set.
 */
export async function loadRulePacks(options: LoadRulePacksOptions): Promise<RuleSet> {
  const problems: RuleLoadProblem[] = [];
  const packs: PackDefinition[] = [];
  const rules: RuleDefinition[] = [];
  const sources: string[] = [];
  const ruleLocations = new Map<string, string>();
  const context = { detectorIds: [...options.detectors.keys()], checkIds: [...options.checks.keys()] };

  for (const directory of options.directories) {
    const path = resolve(directory.path);
    let names: string[];
    try {
      names = (await readdir(path)).filter((name) => /\.ya?ml$/.test(name)).sort();
    } catch (error) {
      problems.push({ file: path, line: null, message: `cannot read the rule directory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); fix the path in the configuration` });
      continue;
    }
    const directoryKind = directory.kind ?? (KINDS.includes(basename(path)) ? (basename(path) as RuleKind) : undefined);
    for (const name of names) {
      const file = join(path, name);
      const loaded = await loadPackFile(file, directoryKind, context, problems);
      if (!loaded) continue;
      sources.push(file, ...loaded.keywordFiles);
      packs.push(loaded.pack);
      for (const { rule, line } of loaded.rules) {
        const where = `${file}:${line}`;
        const earlier = ruleLocations.get(rule.id);
        if (earlier) {
          problems.push({ file, line, message: `duplicate rule id "${rule.id}", first defined at ${earlier}; rule ids are unique across all packs` });
          continue;
        }
        ruleLocations.set(rule.id, where);
        rules.push(rule);
      }
    }
  }
  if (problems.length > 0) throw new RuleLoadError(problems);
  return createRuleSet({ sources, packs, rules });
}

interface LoadedPack {
  pack: PackDefinition;
  rules: Array<{ rule: RuleDefinition; line: number }>;
  keywordFiles: string[];
}

async function loadPackFile(
  file: string,
  directoryKind: RuleKind | undefined,
  context: Omit<ConditionContext, 'keywordFiles'>,
  problems: RuleLoadProblem[],
): Promise<LoadedPack | null> {
  const source = await readYamlSource(file, problems, { what: 'pack' });
  if (!source) return null;
  const raw = source.value;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({ file, line: 1, message: 'a pack is a mapping with `description:` and `rules:`' });
    return null;
  }

  const fileKind = (raw as { kind?: unknown }).kind;
  if (fileKind !== undefined && !KINDS.includes(fileKind as string)) {
    problems.push({ file, line: source.lineOf(['kind']), message: `kind must be spam or dlp, not ${JSON.stringify(fileKind)}` });
    return null;
  }
  if (fileKind !== undefined && directoryKind !== undefined && fileKind !== directoryKind) {
    problems.push({ file, line: source.lineOf(['kind']), message: `kind: ${String(fileKind)} contradicts the ${directoryKind} directory it is in; move the file or fix the kind` });
    return null;
  }
  const kind = (fileKind as RuleKind | undefined) ?? directoryKind;
  if (kind === undefined) {
    problems.push({ file, line: 1, message: 'cannot tell whether this is a spam or a dlp pack; add `kind: spam` or `kind: dlp` at the top' });
    return null;
  }

  const keywordFiles = await readKeywordFiles(file, raw);
  const parsed = createPackSchema(kind, { ...context, keywordFiles }).safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...issueProblems(issue, source));
    return null;
  }
  const pack = basename(file, extname(file));
  return {
    pack: { name: pack, kind, description: parsed.data.description, file },
    rules: parsed.data.rules.map((rule, index) => ({ rule: { ...rule, pack }, line: source.lineOf(['rules', index, 'id']) })),
    keywordFiles: [...keywordFiles.keys()].map((relative) => resolve(dirname(file), relative)),
  };
}

/** Every `keywordsFile:` in the pack, read relative to the pack: one term per line, `#` comments. */
async function readKeywordFiles(file: string, raw: unknown): Promise<Map<string, { terms: string[] } | { error: string }>> {
  const found = new Map<string, { terms: string[] } | { error: string }>();
  const names = new Set<string>();
  collectKeywordFiles(raw, names);
  for (const name of names) {
    const path = resolve(dirname(file), name);
    try {
      const terms = (await readFile(path, 'utf8')).split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
      found.set(name, { terms });
    } catch (error) {
      found.set(name, { error: `cannot read keywords file ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the path is relative to the pack file` });
    }
  }
  return found;
}

function collectKeywordFiles(value: unknown, names: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectKeywordFiles(item, names);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'keywordsFile' && typeof child === 'string') names.add(child);
      else collectKeywordFiles(child, names);
    }
  }
}
