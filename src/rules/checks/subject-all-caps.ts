import type { HeuristicCheck } from './check.js';

/** Short subjects (`RE: FYI`, `URGENT`) are often capitals in ham; shouting needs some length. */
const MIN_LETTERS = 10;

/** `RE:`, `FWD:`, `AW:`, `SV:` prefixes that some clients write in capitals on any subject. */
const REPLY_PREFIX = /^(?:(?:re|fwd?|aw|sv)\s*:\s*)+/i;

/** A subject written in capitals only: shouting, a staple of bulk mail. */
export const subjectAllCaps: HeuristicCheck = {
  id: 'subject-all-caps',
  description: `The subject has at least ${MIN_LETTERS} letters, all capitals`,
  test(view) {
    let letters = 0;
    for (const ch of view.subject.replace(REPLY_PREFIX, '')) {
      if (ch.toLowerCase() === ch.toUpperCase()) continue;
      if (ch !== ch.toUpperCase()) return null;
      letters++;
    }
    return letters >= MIN_LETTERS ? `subject in capitals: ${view.subject.slice(0, 60)}` : null;
  },
};
