/**
 * A word: a run of letters, digits or underscores in any script. A single character class
 * repeated, so matching is linear in the text's length.
 */
const WORD = /[\p{L}\p{N}_]+/gu;

/** The lower-cased words of `text`, in order. Keyword lists are matched over these. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/**
 * Why `term` cannot be a keyword, or null when it can. Punctuation inside a term separates
 * words (`e-mail` matches `e mail`), so a term must start and end with a word character:
 * `c++` would silently become `c`.
 */
export function keywordProblem(term: string): string | null {
  const trimmed = term.trim();
  if (trimmed === '') return 'a keyword must not be empty';
  if (!/^[\p{L}\p{N}_]/u.test(trimmed) || !/[\p{L}\p{N}_]$/u.test(trimmed)) {
    return `keyword "${term}" must start and end with a letter or digit; use \`matches:\` for terms with punctuation at the edge`;
  }
  return null;
}
