/** Fragments of the query language and stray punctuation, for the compilers' robustness tests. */
const FRAGMENTS = ['a', 'b', ' ', '"', "'", '(', ')', '-', '*', ':', '^', '{', '}', '@', '.', '%', '_', '\\', 'OR', 'AND', 'NOT', 'NEAR', 'from:', 'subject:', 'size>', 'sent:', '1K', '2024-01-01', '..', 'score', 'score>', 'dlp-severity', '=', 'high', '-1.5', 'spam:', 'rule:', 'tag:', 'dlp:', 'attachment:', 'participants:'];

/**
 * `count` random queries of 1–10 fragments each, the same every run for a given `seed` (a linear
 * congruential generator): both compilers must either refuse each with a QuerySyntaxError or
 * compile it to something their backend runs.
 */
export function punctuationSoup(seed: number, count = 2000): string[] {
  let state = seed;
  const random = (n: number): number => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % n;
  };
  return Array.from({ length: count }, () => Array.from({ length: 1 + random(10) }, () => FRAGMENTS[random(FRAGMENTS.length)]).join(''));
}
