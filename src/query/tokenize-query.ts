import { QuerySyntaxError } from './query-syntax-error.js';

/** Where a token sits in the query text: `[start, end)` in UTF-16 code units. */
interface Span {
  start: number;
  end: number;
}

/**
 * One lexical unit of the query language. The lexer knows no field names except which may be
 * followed directly by a comparison (`size>10K`); the parser decides what a field means.
 */
export type QueryToken =
  | (Span & { kind: 'lparen' | 'rparen' | 'minus' | 'and' | 'or' | 'not' | 'eof' })
  /** `from:`, `SIZE:` or `size` before `<`/`>`; `name` is lower-cased without the colon. */
  | (Span & { kind: 'field'; name: string })
  /** A bare run of characters, as typed (a trailing `*` is still part of it). */
  | (Span & { kind: 'word'; text: string })
  /** A `"quoted string"`, unescaped; `prefix` when a `*` follows the closing quote directly. */
  | (Span & { kind: 'quoted'; text: string; prefix: boolean });

/** Field names that may be followed directly by `<`, `>` or `=` without a colon (`size>=1M`, `score=5`). */
const COMPARISON_FIELDS: ReadonlySet<string> = new Set(['size', 'sent', 'received', 'score', 'dlp-severity']);

const KEYWORDS: Readonly<Record<string, 'and' | 'or' | 'not'>> = { AND: 'and', OR: 'or', NOT: 'not' };

function isSpace(ch: string): boolean {
  return /\s/u.test(ch);
}

/** Characters that end a bare word: whitespace, parentheses and the start of a quoted string. */
function endsWord(ch: string): boolean {
  return ch === '(' || ch === ')' || ch === '"' || isSpace(ch);
}

function isIdentStart(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

function isIdentPart(ch: string): boolean {
  return isIdentStart(ch) || (ch >= '0' && ch <= '9') || ch === '-' || ch === '_';
}

/**
 * Splits a query into tokens. After a field prefix the next token is read in "value mode": no
 * keywords, negation or nested field prefixes, so `subject:AND`, `from:-x` and
 * `message-id:<a:b@c>` mean what they say. A value must touch its field (`from: alice` is an
 * error in the parser, not a silent free-text search for `alice`).
 *
 * Inside quotes, `\"` and `\\` are escapes; every other character is literal.
 *
 * @throws QuerySyntaxError for an unclosed quote.
 */
export function tokenizeQuery(text: string): QueryToken[] {
  const tokens: QueryToken[] = [];
  let i = 0;
  let valueMode = false;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (isSpace(ch)) {
      i++;
      valueMode = false;
      continue;
    }
    const start = i;
    if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch === '(' ? 'lparen' : 'rparen', start, end: i + 1 });
      i++;
    } else if (ch === '"') {
      const quoted = readQuoted(text, start);
      tokens.push(quoted);
      i = quoted.end;
    } else if (ch === '-' && !valueMode) {
      tokens.push({ kind: 'minus', start, end: i + 1 });
      i++;
    } else {
      const field = valueMode ? null : readFieldPrefix(text, start);
      if (field) {
        tokens.push(field);
        i = field.end;
        valueMode = true;
        continue;
      }
      while (i < text.length && !endsWord(text.charAt(i))) i++;
      const word = text.slice(start, i);
      const keyword = valueMode ? undefined : KEYWORDS[word];
      tokens.push(keyword ? { kind: keyword, start, end: i } : { kind: 'word', text: word, start, end: i });
    }
    valueMode = false;
  }
  tokens.push({ kind: 'eof', start: text.length, end: text.length });
  return tokens;
}

/** `name:` (any identifier) or `size<`/`sent>=`/`score=`… (comparison fields only) at `start`, else null. */
function readFieldPrefix(text: string, start: number): QueryToken | null {
  if (!isIdentStart(text.charAt(start))) return null;
  let i = start + 1;
  while (i < text.length && isIdentPart(text.charAt(i))) i++;
  const name = text.slice(start, i).toLowerCase();
  const next = text.charAt(i);
  if (next === ':') return { kind: 'field', name, start, end: i + 1 };
  if ((next === '<' || next === '>' || next === '=') && COMPARISON_FIELDS.has(name)) return { kind: 'field', name, start, end: i };
  return null;
}

function readQuoted(text: string, start: number): QueryToken {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === '"') {
      const prefix = text.charAt(i + 1) === '*';
      return { kind: 'quoted', text: value, prefix, start, end: i + 1 + (prefix ? 1 : 0) };
    }
    if (ch === '\\' && (text.charAt(i + 1) === '"' || text.charAt(i + 1) === '\\')) {
      value += text.charAt(i + 1);
      i += 2;
    } else {
      value += ch;
      i++;
    }
  }
  throw new QuerySyntaxError(`unclosed quote starting at ${start}`, start, 'unclosed-quote');
}
