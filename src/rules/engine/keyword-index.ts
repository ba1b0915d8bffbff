import { wordsOf } from './words.js';

/** What one pass found: per keyword list (by the id `add` gave it), the terms found, as the rule wrote them. */
export type KeywordHits = ReadonlyMap<number, ReadonlySet<string>>;

const NONE: ReadonlySet<string> = new Set();

/**
 * Every keyword list of a rule set in one table, matched over a text's words in one pass: each
 * position is looked up in a hash of terms and extended only while the words so far begin some
 * phrase. Time is linear in the text (times the longest phrase's word count) however many terms
 * and lists there are, and a text is scanned once for all keyword rules together.
 */
export class KeywordIndex {
  /** Normalised term (words joined by one space) → the lists holding it, with the term as written. */
  private readonly terms = new Map<string, Array<{ list: number; term: string }>>();
  /** Proper word-prefixes of multi-word terms. */
  private readonly prefixes = new Set<string>();
  private lists = 0;

  /** Adds a keyword list; returns its id for reading {@link find}'s result. */
  add(terms: readonly string[]): number {
    const list = this.lists++;
    for (const term of terms) {
      const words = wordsOf(term);
      if (words.length === 0) continue;
      const key = words.join(' ');
      const entries = this.terms.get(key) ?? [];
      if (!entries.some((entry) => entry.list === list)) entries.push({ list, term });
      this.terms.set(key, entries);
      for (let length = 1; length < words.length; length++) this.prefixes.add(words.slice(0, length).join(' '));
    }
    return list;
  }

  /** The distinct terms of every list found in `words` (lower-cased words of a text). */
  find(words: readonly string[]): KeywordHits {
    const hits = new Map<number, Set<string>>();
    for (let start = 0; start < words.length; start++) {
      let key = words[start] as string;
      for (let end = start + 1; ; end++) {
        const entries = this.terms.get(key);
        if (entries) {
          for (const { list, term } of entries) {
            let found = hits.get(list);
            if (!found) hits.set(list, (found = new Set()));
            found.add(term);
          }
        }
        if (end >= words.length || !this.prefixes.has(key)) break;
        key = `${key} ${words[end] as string}`;
      }
    }
    return hits;
  }

  /** The terms of one list in a result. */
  static termsOf(hits: KeywordHits, list: number): ReadonlySet<string> {
    return hits.get(list) ?? NONE;
  }
}
