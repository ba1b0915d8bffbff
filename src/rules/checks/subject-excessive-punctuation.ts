import type { HeuristicCheck } from './check.js';

/** Runs like `!!`, `?!`, `$$$` or three `!` anywhere; one `!` or `?` is ordinary writing. */
const RUN = /[!?]{2,}|\${2,}/;

/** Exclamation and dollar runs in the subject: "FREE!!!", "$$$ Make money $$$". */
export const subjectExcessivePunctuation: HeuristicCheck = {
  id: 'subject-excessive-punctuation',
  description: 'The subject has runs of !, ? or $ or three or more exclamation marks',
  test(view) {
    const run = RUN.exec(view.subject);
    if (run !== null) return `subject has "${run[0]}"`;
    let bangs = 0;
    for (const ch of view.subject) if (ch === '!') bangs++;
    return bangs >= 3 ? `subject has ${bangs} exclamation marks` : null;
  },
};
