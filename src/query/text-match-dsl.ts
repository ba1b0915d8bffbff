import { MAX_TOKEN_LENGTH } from '../archive/search-engine/message-index.js';
import type { Json } from '../search-engine/search-engine.js';
import { ftsTokens } from './fts-match.js';
import { orNodes, query, toQuery, type DslNode } from './bool-dsl.js';

/** A full-text field, and the nested path it lives under when it is in a sub-document. */
export interface TextFieldPath {
  field: string;
  nested?: string;
}

/**
 * The words of `text` as one phrase in any of `fields`, the last word a prefix when asked; null
 * when the text has no words (callers treat that as "matches nothing", as the SQLite compiler
 * does). Words are split exactly as the index's `folded` analyzer splits them (see
 * message-index.ts), so the phrase has the same words on both backends.
 *
 * - no prefix: `match_phrase` (the engine analyses the words as it analysed the documents);
 * - one word with a prefix: `match_bool_prefix`, whose prefix part is analysed too and expands to
 *   every matching term (unlike `match_phrase_prefix`, whose `max_expansions` would silently drop
 *   matches);
 * - several words, the last a prefix: `span_near` of the words and a `span_multi` prefix, exact
 *   and in order. Span terms are not analysed, so the words are folded here as the analyzer
 *   folds them (see `foldToken`).
 */
export function phraseIn(fields: readonly TextFieldPath[], text: string, prefix: boolean): DslNode | null {
  const tokens = ftsTokens(text);
  if (tokens.length === 0) return null;
  const plain = fields.filter((f) => f.nested === undefined).map((f) => query(phraseQuery(f.field, tokens, prefix)));
  const nestedPaths = [...new Set(fields.flatMap((f) => (f.nested === undefined ? [] : [f.nested])))];
  const nested = nestedPaths.map((path) => {
    const inside = orNodes(fields.filter((f) => f.nested === path).map((f) => query(phraseQuery(f.field, tokens, prefix))));
    return query({ nested: { path, query: toQuery(inside) } });
  });
  const clauses = [...plain, ...nested];
  return orNodes(clauses);
}

function phraseQuery(field: string, tokens: readonly string[], prefix: boolean): Json {
  const last = tokens[tokens.length - 1] ?? '';
  if (!prefix) return { match_phrase: { [field]: { query: tokens.join(' ') } } };
  if (tokens.length === 1) return { match_bool_prefix: { [field]: { query: last } } };
  return {
    span_near: {
      clauses: [
        ...tokens.slice(0, -1).map((token) => ({ span_term: { [field]: foldToken(token) } })),
        { span_multi: { match: { prefix: { [field]: { value: foldToken(last) } } } } },
      ],
      slop: 0,
      in_order: true,
    },
  };
}

/** Letters `asciifolding` maps to ASCII that Unicode decomposition does not. */
const FOLDED_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i', ħ: 'h', ŀ: 'l', ŧ: 't', ĸ: 'q', ŋ: 'n',
};

/**
 * A token as the index's `folded` analyzer leaves it: lower-cased, a Latin letter's diacritics
 * removed (`Ä` → `a`, `ﬁ` → `fi`), other scripts untouched (asciifolding folds to ASCII only), cut
 * to the longest token kept. Close to Lucene's `asciifolding`, not identical for rare symbols: it
 * is only used for the words before a prefix in a multi-word prefix phrase.
 */
export function foldToken(token: string): string {
  let folded = '';
  for (const ch of token.toLowerCase()) {
    const mapped = FOLDED_LETTERS[ch];
    if (mapped !== undefined) {
      folded += mapped;
      continue;
    }
    const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
    // eslint-disable-next-line no-control-regex
    folded += base !== '' && /^[\x00-\x7f]+$/u.test(base) ? base.toLowerCase() : ch;
  }
  return folded.slice(0, MAX_TOKEN_LENGTH);
}
