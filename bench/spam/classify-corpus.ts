import { CHECKS } from '../../src/rules/checks/index.js';
import { DETECTORS } from '../../src/rules/detectors/index.js';
import { parseAuthenticationResults } from '../../src/rules/auth/index.js';
import { bayesProbability, type BayesModel } from '../../src/rules/bayes/index.js';
import { compileRuleSet } from '../../src/rules/engine/compile-rule-set.js';
import { loadRulePacks } from '../../src/rules/pack/load-rule-packs.js';
import { viewFromEml } from '../../src/rules/view/view-from-eml.js';
import type { LabelledMessage } from '../rules/corpus-folders.js';
import { BAYES_PACK_DIR } from './bayes-pack.js';

/** One message's spam verdict, or why it could not be classified. */
export type SpamOutcome =
  | { ok: true; score: number; hits: ReadonlyArray<{ ruleId: string; score: number }> }
  | { ok: false; error: string };

/**
 * Classifies every message with the spam pack in `rulesDir` alone, in this process: the view the
 * pipeline builds (parse + text of text-like attachments), upstream Authentication-Results read as
 * with no trusted ids configured (topmost header only), no DKIM verification (no DNS here), Bayes
 * off unless `bayesModel` is given (then with the Bayes rule pack too). The same engine and pack
 * the pipeline runs; only the DLP packs and worker threads are left out, which do not change a
 * spam score.
 */
export async function classifyCorpus(messages: readonly LabelledMessage[], rulesDir: string, threshold: number, bayesModel: BayesModel | null = null): Promise<SpamOutcome[]> {
  const directories = [{ path: rulesDir, kind: 'spam' as const }, ...(bayesModel === null ? [] : [{ path: BAYES_PACK_DIR }])];
  const ruleSet = await loadRulePacks({ directories, detectors: DETECTORS, checks: CHECKS });
  const engine = compileRuleSet(ruleSet, {
    internalDomains: [],
    spamThreshold: threshold,
    detectors: DETECTORS,
    checks: CHECKS,
    ...(bayesModel !== null && { bayes: bayesProbability(bayesModel) }),
  });
  const outcomes: SpamOutcome[] = [];
  for (const message of messages) {
    try {
      const view = await viewFromEml(message.wire, { sender: null, recipients: [] });
      const auth = { ...view.auth, ...parseAuthenticationResults(view.headers, []) };
      const classification = engine.classify({ ...view, auth });
      outcomes.push({ ok: true, score: classification.spam.score, hits: classification.hits.map((h) => ({ ruleId: h.ruleId, score: h.score ?? 0 })) });
    } catch (error) {
      outcomes.push({ ok: false, error: (error as Error).message });
    }
  }
  return outcomes;
}
