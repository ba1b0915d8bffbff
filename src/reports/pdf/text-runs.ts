import { fallbackFonts, type FallbackFont, type FontWeight } from './fonts.js';

/** A stretch of text written in one font of the fallback chain. */
export interface TextRun {
  /** Registered font name (see `fonts.ts`). */
  font: string;
  text: string;
}

/** One code point with the font chosen for it. */
export interface FontedChar {
  char: string;
  font: string;
}

const LETTER = /\p{L}/u;
const MARK = /\p{M}/u;

/**
 * Chooses a font for every code point of `text`. A letter takes the first font of the chain that
 * has it, so Latin stays in Noto Sans even after a CJK or Arabic stretch. A combining mark stays
 * with the letter it follows. Anything else (spaces, digits, punctuation) stays in the current
 * run's font when that font has it and the next letter is in the same font, so an Arabic phrase
 * with its inner spaces is one run, shaped and ordered as a whole, while the space between an
 * Arabic and a Latin word does not move to the far end of the reversed Arabic run. A code point
 * no font covers is written in the first font (it shows as a missing-glyph box).
 */
export function assignFonts(text: string, weight: FontWeight): FontedChar[] {
  const chain = fallbackFonts(weight);
  const primary = chain[0] as FallbackFont;
  const chars = [...text];
  const firstCovering = (codePoint: number): FallbackFont => chain.find((font) => font.coverage.hasGlyphForCodePoint(codePoint)) ?? primary;
  // Font of the next letter at or after each position, scanning from the end.
  const nextLetterFont: Array<FallbackFont | undefined> = new Array<FallbackFont | undefined>(chars.length + 1);
  for (let i = chars.length - 1; i >= 0; i -= 1) {
    const char = chars[i] as string;
    nextLetterFont[i] = LETTER.test(char) ? firstCovering(char.codePointAt(0) as number) : nextLetterFont[i + 1];
  }
  const out: FontedChar[] = [];
  let current: FallbackFont | undefined;
  chars.forEach((char, i) => {
    const codePoint = char.codePointAt(0) as number;
    const covered = current?.coverage.hasGlyphForCodePoint(codePoint) === true;
    const next = nextLetterFont[i + 1];
    const sticks =
      !LETTER.test(char) && covered && (MARK.test(char) || next === current || (next === undefined && current?.rtl === false));
    if (!sticks) current = LETTER.test(char) ? nextLetterFont[i] : firstCovering(codePoint);
    out.push({ char, font: (current as FallbackFont).name });
  });
  return out;
}

/** Groups consecutive characters of the same font into runs. */
export function toRuns(chars: readonly FontedChar[]): TextRun[] {
  const runs: TextRun[] = [];
  for (const { char, font } of chars) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.font === font) last.text += char;
    else runs.push({ font, text: char });
  }
  return runs;
}

/** Splits `text` into runs by which font of the fallback chain has the glyphs. */
export function splitRuns(text: string, weight: FontWeight): TextRun[] {
  return toRuns(assignFonts(text, weight));
}
