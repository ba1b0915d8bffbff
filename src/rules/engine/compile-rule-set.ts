import { SEVERITIES, type Classification, type Disposition, type RuleHit, type Severity } from '../../domain/classification.js';
import type { HeuristicCheck } from '../checks/check.js';
import type { Detector } from '../detectors/detector.js';
import type { MessageView } from '../message-view.js';
import type { RuleDefinition } from '../pack/rule-definition.js';
import type { RuleSet } from '../rule-set.js';
import { compileCondition, type Evaluate } from './compile-condition.js';
import { createDomainScope } from './domain-scope.js';
import { KeywordIndex } from './keyword-index.js';
import { MessageContext } from './message-context.js';
import { RuleEvaluationError } from './rule-evaluation-error.js';

export interface CompileRuleSetOptions {
  /** Config `rules.internalDomains`: these domains and their subdomains are internal. */
  internalDomains: readonly string[];
  /** Config `rules.spamThreshold` (default there: 5): the verdict is spam when the score reaches it. */
  spamThreshold: number;
  /** The detector registry `detector:` conditions use (the real `DETECTORS`, or fakes in tests). */
  detectors: ReadonlyMap<string, Detector>;
  /** The heuristic check registry `check:` conditions use. */
  checks: ReadonlyMap<string, HeuristicCheck>;
  /** Spam probability from a trained Bayesian classifier; absent when Bayes is off (`bayes:` conditions are then false). */
  bayes?: (view: MessageView) => number;
}

/** A compiled rule set: classifies message views. Safe to reuse for any number of messages. */
export interface RuleEngine {
  /** The version of the rule set it was compiled from. */
  readonly rulesVersion: string;
  /**
   * Runs every rule over the view.
   *
   * @throws RuleEvaluationError when any rule fails: a message is never classified clean because
   *   a rule could not run.
   */
  classify(view: MessageView): Classification;
}

interface CompiledRule {
  definition: RuleDefinition;
  when: Evaluate;
  except: Evaluate[];
}

/** The order in which dispositions win: reject > quarantine > redirect > deliver. */
const DISPOSITION_RANK: Record<Disposition, number> = { deliver: 0, redirect: 1, quarantine: 2, reject: 3 };

/**
 * Compiles a rule set once (RE2 programs, one keyword table for all lists, registry look-ups) into an engine.
 *
 * @throws Error when a rule names a detector or check the registries lack, or a regex fails to
 *   compile (the loader reports these with file and line first; this guards a mismatched registry).
 */
export function compileRuleSet(ruleSet: RuleSet, options: CompileRuleSetOptions): RuleEngine {
  const services = { ...options, isInternal: createDomainScope(options.internalDomains), keywords: new KeywordIndex() };
  const rules: CompiledRule[] = ruleSet.rules.map((definition) => {
    try {
      return { definition, when: compileCondition(definition.when, services), except: definition.except.map((c) => compileCondition(c, services)) };
    } catch (error) {
      throw new RuleEvaluationError(definition.id, error);
    }
  });

  return {
    rulesVersion: ruleSet.version,
    classify(view) {
      const context = new MessageContext(view, services);
      const hits: RuleHit[] = [];
      for (const rule of rules) {
        let hit: RuleHit | null;
        try {
          hit = evaluate(rule, context);
        } catch (error) {
          throw new RuleEvaluationError(rule.definition.id, error);
        }
        if (hit) hits.push(hit);
      }
      return summarise(ruleSet.version, options.spamThreshold, view, hits);
    },
  };
}

function evaluate(rule: CompiledRule, context: MessageContext): RuleHit | null {
  const evidence = rule.when(context);
  if (evidence === null) return null;
  if (rule.except.some((exception) => exception(context) !== null)) return null;
  const { id, kind, pack, description, score, severity, actions } = rule.definition;
  return { ruleId: id, kind, pack, description, ...(score !== undefined && { score }), ...(severity !== undefined && { severity }), evidence, actions };
}

function summarise(rulesVersion: string, threshold: number, view: MessageView, hits: RuleHit[]): Classification {
  // Rounded so that 2.1 + 2.9 reaches a threshold of 5 as a reader would expect.
  const score = Math.round(hits.reduce((sum, hit) => sum + (hit.kind === 'spam' ? (hit.score ?? 0) : 0), 0) * 1000) / 1000;
  let severity: Severity | null = null;
  for (const hit of hits) {
    if (hit.kind === 'dlp' && hit.severity && (severity === null || SEVERITIES.indexOf(hit.severity) > SEVERITIES.indexOf(severity))) severity = hit.severity;
  }
  const tags = new Set<string>();
  let disposition: Disposition = 'deliver';
  let dispositionDetail: string | undefined;
  for (const hit of hits) {
    for (const action of hit.actions) {
      if (action.action === 'tag') tags.add(action.tag);
      const candidate: Disposition | null = action.action === 'reject' || action.action === 'quarantine' || action.action === 'redirect' ? action.action : null;
      // The first rule (in pack order) asking for the strongest disposition gives the detail.
      if (candidate && DISPOSITION_RANK[candidate] > DISPOSITION_RANK[disposition]) {
        disposition = candidate;
        dispositionDetail = action.action === 'reject' ? action.text : action.action === 'redirect' ? action.to : undefined;
      }
    }
  }
  return {
    rulesVersion,
    status: 'classified',
    spam: { score, threshold, verdict: score >= threshold ? 'spam' : 'ham' },
    dlp: { severity },
    hits,
    tags: [...tags],
    disposition,
    ...(dispositionDetail !== undefined && { dispositionDetail }),
    attachments: view.attachments.map((a) => ({ name: a.name ?? '(unnamed)', detectedType: a.detectedType, status: a.extraction })),
  };
}
