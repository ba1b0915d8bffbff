/**
 * Building FTS5 match strings from user text without ever letting that text be FTS5 syntax.
 * Every token is emitted as an FTS5 string literal (`"…"`, inner `"` doubled), so operators,
 * column filters, `NEAR`, `^` and `*` typed by the user are only ever searched for as words.
 */

/**
 * Splits text roughly as the `unicode61` tokenizer does: runs of letters, digits, marks and
 * private-use characters; everything else separates. Exactness is not needed for safety or
 * correctness: each token is quoted, and FTS5 re-tokenizes inside the quotes, so a token we keep
 * whole but unicode61 would split becomes a phrase of its parts. NFC first, because documents
 * are indexed as composed characters and `remove_diacritics` works on composed ones.
 */
export function ftsTokens(text: string): string[] {
  const runs = text.normalize('NFC').match(/[\p{L}\p{N}\p{M}\p{Co}]+/gu) ?? [];
  // A run of bare combining marks is not a token to unicode61; keep only runs with a letter or digit.
  return runs.filter((run) => /[\p{L}\p{N}\p{Co}]/u.test(run));
}

/** One token as an FTS5 string literal. */
export function ftsString(token: string): string {
  return `"${token.replaceAll('"', '""')}"`;
}

/**
 * The tokens of `text` as one FTS5 phrase (`"a" + "b"`), the last token a prefix when asked;
 * null when the text has no tokens, which callers treat as "matches nothing".
 */
export function ftsPhrase(text: string, prefix: boolean): string | null {
  const tokens = ftsTokens(text);
  if (tokens.length === 0) return null;
  return tokens.map(ftsString).join(' + ') + (prefix ? ' *' : '');
}

/**
 * Restricts an FTS5 expression to columns: `subject : (…)`, `{a b} : (…)`. Column names are ours
 * (a closed list in the compiler), never user text. No columns means every column.
 */
export function ftsColumns(columns: readonly string[], expression: string): string {
  if (columns.length === 0) return expression;
  const spec = columns.length === 1 ? columns[0] : `{${columns.join(' ')}}`;
  return `${spec} : (${expression})`;
}
