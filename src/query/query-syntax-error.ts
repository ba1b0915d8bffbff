/**
 * What kind of mistake a query has, so callers (the API's error mapper, a UI highlighting the
 * offending text) can branch on a code rather than on the wording of the message.
 */
export type QuerySyntaxErrorCode =
  | 'unclosed-quote'
  | 'unbalanced-parenthesis'
  | 'empty-group'
  | 'missing-term'
  | 'unknown-field'
  | 'missing-value'
  | 'invalid-value';

/**
 * A search query that cannot be parsed. The message is written for the person who typed the query
 * and always names the 0-based character offset, which `position` repeats for programs.
 * Parsing fails closed: a query we cannot read exactly is rejected, never guessed at, because a
 * guessed compliance search silently returns the wrong messages.
 */
export class QuerySyntaxError extends Error {
  override readonly name = 'QuerySyntaxError';

  constructor(
    message: string,
    /** 0-based offset (UTF-16 code units) in the query text where the problem is. */
    readonly position: number,
    readonly code: QuerySyntaxErrorCode,
  ) {
    super(message);
  }
}
