import type { MessageView } from '../message-view.js';
import type { BayesModel } from './bayes-model.js';
import { bayesTokens } from './bayes-tokens.js';
import { chi2Q } from './chi2q.js';

/**
 * Robinson's constants as SpamBayes ships them: a token seen in few messages is pulled towards
 * the unknown-word probability with this strength.
 */
const UNKNOWN_WORD_STRENGTH = 0.45;
const UNKNOWN_WORD_PROBABILITY = 0.5;
/** Tokens whose probability is within this of 0.5 say nothing and are ignored. */
const MINIMUM_PROBABILITY_STRENGTH = 0.1;
/** At most this many of the strongest tokens are combined (SpamBayes' `max_discriminators`). */
const MAX_DISCRIMINATORS = 150;

/**
 * A classifier for the rule engine's `bayes:` condition: the probability (0..1) that a message is
 * spam under the model. Each token's spam probability is Graham's ratio of its spam and ham
 * message frequencies, smoothed by Robinson's f(w) for rarely seen tokens; the strongest 150 are
 * combined with Robinson's chi-square (Fisher) method as in SpamBayes and SpamAssassin, which
 * says 0.5 when the evidence is absent or contradictory rather than forcing 0 or 1.
 */
export function bayesProbability(model: BayesModel): (view: MessageView) => number {
  const counts = new Map(Object.entries(model.tokens));
  const { spam: spamMessages, ham: hamMessages } = model.messages;

  const tokenProbability = (token: string): number | null => {
    const seen = counts.get(token);
    if (!seen || seen[0] + seen[1] === 0) return null;
    const [spam, ham] = seen;
    const spamRatio = spam / spamMessages;
    const hamRatio = ham / hamMessages;
    const p = spamRatio / (spamRatio + hamRatio);
    const n = spam + ham;
    return (UNKNOWN_WORD_STRENGTH * UNKNOWN_WORD_PROBABILITY + n * p) / (UNKNOWN_WORD_STRENGTH + n);
  };

  return (view) => {
    const clues: number[] = [];
    for (const token of bayesTokens(view)) {
      const p = tokenProbability(token);
      if (p !== null && Math.abs(p - 0.5) >= MINIMUM_PROBABILITY_STRENGTH) clues.push(p);
    }
    clues.sort((a, b) => Math.abs(b - 0.5) - Math.abs(a - 0.5));
    return combine(clues.slice(0, MAX_DISCRIMINATORS));
  };
}

/** Robinson's chi-square combining: (S − H + 1) / 2 from the two Fisher tests. */
function combine(clues: readonly number[]): number {
  if (clues.length === 0) return 0.5;
  let logHam = 0;
  let logSpam = 0;
  for (const p of clues) {
    logHam += Math.log(p);
    logSpam += Math.log(1 - p);
  }
  const degrees = 2 * clues.length;
  const spamness = 1 - chi2Q(-2 * logSpam, degrees);
  const hamness = 1 - chi2Q(-2 * logHam, degrees);
  return (spamness - hamness + 1) / 2;
}
