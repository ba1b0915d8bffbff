import type { MessageView } from '../message-view.js';

/**
 * A named heuristic that rules refer to with `check: <id>`, for what a pattern cannot say
 * (a Received chain that goes backwards in time, a From that claims a domain its Message-ID
 * contradicts, GTUBE…) — SpamAssassin's eval rules, as code with tests.
 */
export interface HeuristicCheck {
  id: string;
  description: string;
  /** Evidence (a short human-readable reason) when the check fires, null when it does not. */
  test(view: MessageView): string | null;
}
