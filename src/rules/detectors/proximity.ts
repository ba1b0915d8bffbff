/** How far (in UTF-16 code units) supporting evidence may sit from a match, as in Purview's default window. */
export const PROXIMITY_WINDOW = 300;

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A list of keywords (case-insensitive, whole words: a keyword may not be glued to letters or
 * digits on either side) compiled once into a single alternation of literals. Only literal
 * alternatives, no nested quantifiers, so a scan is linear in the text's length.
 */
export class KeywordList {
  readonly #pattern: RegExp;
  /** The longest text a keyword match can span, so a window scan can extend past its end safely. */
  readonly #maxLength: number;

  /**
   * @param keywords literal terms; spaces in a term match one or more spaces, `_` or `-`
   *   (`credit card` also matches `credit-card`, `credit_card`).
   * @param extra an optional further pattern source (e.g. an expiry date) treated as a keyword;
   *   it must itself be linear (bounded quantifiers only).
   */
  constructor(keywords: readonly string[], extra?: string) {
    const alternatives = [...keywords]
      .sort((a, b) => b.length - a.length)
      .map((k) => escapeRegExp(k.toLowerCase()).replaceAll(' ', '[ _-]{1,3}'));
    if (extra) alternatives.push(extra);
    this.#pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
    // Spaces may widen to three characters; an extra pattern (a date) stays under 16 characters.
    this.#maxLength = Math.max(16, ...keywords.map((k) => k.length * 3));
  }

  /** Start offsets of every keyword occurrence in `text[from, to)`, ascending (a match may run past `to`). */
  positions(text: string, from = 0, to = text.length): number[] {
    // One character of context before `from`, so the whole-word lookbehind sees the real neighbour.
    const start = Math.max(0, from - 1);
    const slice = text.slice(start, Math.min(text.length, to + this.#maxLength));
    const found: number[] = [];
    for (const match of slice.matchAll(this.#pattern)) {
      const at = start + match.index;
      if (at >= from && at < to) found.push(at);
    }
    return found;
  }

  /**
   * A lazy proximity test over `text`. Keywords are looked for only in the windows around the
   * matches actually asked about, each stretch of text scanned at most once, so a text with one
   * candidate costs a 600-character scan, not a whole-text scan.
   */
  in(text: string, window = PROXIMITY_WINDOW): Proximity {
    return new Proximity((from, to) => this.positions(text, from, to), window, text.length);
  }
}

/** Answers "is a keyword within the window of this match?", scanning only the windows asked about. */
export class Proximity {
  /** Keyword offsets found so far, ascending. */
  readonly #positions: number[] = [];
  /** Everything before this offset has been scanned. */
  #scannedTo = 0;
  readonly #scan: (from: number, to: number) => number[];
  readonly #window: number;
  readonly #length: number;

  constructor(scan: (from: number, to: number) => number[], window: number, length: number) {
    this.#scan = scan;
    this.#window = window;
    this.#length = length;
  }

  /**
   * True when a keyword starts within the window before `start` or after `end`. Calls must come
   * in ascending order of `start` (as matches are found); earlier windows are never rescanned.
   */
  near(start: number, end: number): boolean {
    const from = Math.max(0, start - this.#window);
    const to = Math.min(this.#length, end + this.#window + 1);
    if (to > this.#scannedTo) {
      this.#positions.push(...this.#scan(Math.max(from, this.#scannedTo), to));
      this.#scannedTo = to;
    }
    const positions = this.#positions;
    let lo = 0;
    let hi = positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((positions[mid] ?? 0) < from) lo = mid + 1;
      else hi = mid;
    }
    const first = positions[lo];
    return first !== undefined && first < to;
  }
}
