import { isRightToLeftFont, type FontWeight } from './fonts.js';
import { assignFonts, toRuns, type FontedChar, type TextRun } from './text-runs.js';
import { visualOrder } from './visual-order.js';

/**
 * Width of `text` in the registered font `font` at a size of 1 pt (widths scale linearly).
 * The document supplies it from pdfkit's own metrics, so what is measured is what is drawn.
 */
export type MeasureText = (font: string, text: string) => number;

/** A run placed on a line, with its width at the layout's size. */
export interface PlacedRun extends TextRun {
  width: number;
}

/** One laid-out line: its runs in drawing order (left to right), and their total width. */
export interface TextLine {
  runs: PlacedRun[];
  width: number;
}

interface Token {
  word: FontedChar[];
  space: FontedChar[];
  /** A hard line break (`\n`) rather than text. */
  newline: boolean;
}

/** Han, kana, Hangul and full-width forms: a line may break before and after any of them. */
const BREAK_ANYWHERE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
/** Where a too-long word (an address, a URL, a hash) breaks best: after these characters. */
const SOFT_BREAK_AFTER = new Set(['@', '.', '-', '/', '_', ',', ';', ':', '=', '&', '?', '+']);
/** More characters than any line of a report can hold, even of the narrowest glyphs. */
const LINE_WINDOW = 1000;
/** Control characters that would draw as missing-glyph boxes; tabs and newlines are handled. */
const CONTROL = /[\p{Cc}\u200b\ufeff]/gu;

/** Normalises line ends, expands tabs and drops control characters. */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '    ')
    .replace(CONTROL, (char) => (char === '\n' ? char : ''));
}

function tokenize(chars: FontedChar[]): Token[] {
  const tokens: Token[] = [];
  let current: Token = { word: [], space: [], newline: false };
  const flush = (): void => {
    if (current.word.length > 0 || current.space.length > 0) tokens.push(current);
    current = { word: [], space: [], newline: false };
  };
  for (const fc of chars) {
    if (fc.char === '\n') {
      flush();
      tokens.push({ word: [], space: [], newline: true });
    } else if (fc.char === ' ' || fc.char === '\u00a0' || fc.char === '\u3000') {
      current.space.push(fc);
    } else if (BREAK_ANYWHERE.test(fc.char)) {
      flush();
      current.word.push(fc);
    } else {
      if (current.space.length > 0 || (current.word.length > 0 && BREAK_ANYWHERE.test((current.word[0] as FontedChar).char))) flush();
      current.word.push(fc);
    }
  }
  flush();
  return tokens;
}

/**
 * Lays `text` out in lines no wider than `width` at `size`, choosing fonts per character through
 * the fallback chain. Lines break at spaces and between CJK characters; a word longer than a line
 * (an e-mail address, a SHA-256 in hex) breaks after `@ . - / _` and similar where it can, else
 * between any two characters, so nothing overflows and no character is lost. Always returns at
 * least one (possibly empty) line.
 */
export function layoutText(measure: MeasureText, text: string, options: { width: number; size: number; weight: FontWeight }): TextLine[] {
  const { width, size } = options;
  const widthOf = (chars: readonly FontedChar[]): number =>
    toRuns(chars).reduce((sum, run) => sum + measure(run.font, run.text) * size, 0);
  const lines: FontedChar[][] = [];
  let line: FontedChar[] = [];
  let lineWidth = 0;
  let pendingSpace: FontedChar[] = [];
  let pendingSpaceWidth = 0;
  const endLine = (): void => {
    lines.push(line);
    line = [];
    lineWidth = 0;
    pendingSpace = [];
    pendingSpaceWidth = 0;
  };

  for (const token of tokenize(assignFonts(cleanText(text), options.weight))) {
    if (token.newline) {
      endLine();
      continue;
    }
    const word = token.word;
    let wordWidth = widthOf(word);
    if (line.length > 0 && lineWidth + pendingSpaceWidth + wordWidth > width) endLine();
    let start = 0;
    while (word.length - start > 1 && wordWidth > width - lineWidth - pendingSpaceWidth) {
      // The line is empty here (a word that does not fit starts a new line), so at least one
      // character always goes on it and the loop ends. A window bounds the work per line, which
      // keeps a 100 KB unbroken string linear.
      const window = word.slice(start, start + LINE_WINDOW);
      const head = window.slice(0, Math.max(1, breakPoint(window, width - lineWidth - pendingSpaceWidth, widthOf)));
      line.push(...pendingSpace, ...head);
      endLine();
      start += head.length;
      wordWidth -= widthOf(head);
    }
    const rest = start === 0 ? word : word.slice(start);
    line.push(...pendingSpace, ...rest);
    lineWidth += pendingSpaceWidth + wordWidth;
    pendingSpace = token.space;
    pendingSpaceWidth = widthOf(token.space);
  }
  endLine();
  return lines.map((chars) => {
    const runs = visualOrder(toRuns(chars), isRightToLeftFont).map((run) => ({ ...run, width: measure(run.font, run.text) * size }));
    return { runs, width: runs.reduce((sum, run) => sum + run.width, 0) };
  });
}

/**
 * How many characters of `word` go on a line with `room` points left: as many as fit, moved back
 * to just after a soft-break character when one lies in the latter half; 0 when none fits.
 */
function breakPoint(word: FontedChar[], room: number, widthOf: (chars: readonly FontedChar[]) => number): number {
  let fit = 0;
  let used = 0;
  for (const fc of word) {
    const w = widthOf([fc]);
    if (used + w > room) break;
    used += w;
    fit += 1;
  }
  // Per-character widths ignore kerning; confirm the prefix really fits, shrinking if not.
  while (fit > 0 && widthOf(word.slice(0, fit)) > room) fit -= 1;
  if (fit === 0) return 0;
  for (let i = fit; i > fit / 2; i -= 1) {
    if (SOFT_BREAK_AFTER.has((word[i - 1] as FontedChar).char)) return i;
  }
  return fit;
}
