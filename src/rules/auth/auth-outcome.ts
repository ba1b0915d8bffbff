import type { AuthOutcome } from '../message-view.js';

/** Result words of RFC 8601 §2.7 (and older spellings) as the AuthOutcome rules use. */
const OUTCOMES: ReadonlyMap<string, AuthOutcome> = new Map([
  ['pass', 'pass'], ['fail', 'fail'], ['hardfail', 'fail'], ['softfail', 'softfail'], ['neutral', 'neutral'],
  ['none', 'none'], ['temperror', 'temperror'], ['permerror', 'permerror'], ['policy', 'policy'],
]);

/** The outcome a result word names, or null for words RFC 8601 does not define. */
export function toAuthOutcome(word: string): AuthOutcome | null {
  return OUTCOMES.get(word.trim().toLowerCase()) ?? null;
}

/**
 * Several results for one method (a DKIM result per signature, or one per trusted header) give
 * one: any pass wins — one valid signature authenticates the message, RFC 6376 §6.1 — then the
 * most telling failure, then the soft outcomes.
 */
const PRECEDENCE: readonly AuthOutcome[] = ['pass', 'fail', 'softfail', 'permerror', 'temperror', 'policy', 'neutral', 'none'];

export function combineOutcomes(outcomes: Iterable<AuthOutcome>): AuthOutcome {
  let best = PRECEDENCE.length - 1;
  for (const outcome of outcomes) best = Math.min(best, PRECEDENCE.indexOf(outcome));
  return PRECEDENCE[best]!;
}
