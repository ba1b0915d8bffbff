import type { TextRun } from './text-runs.js';

const LETTER = /\p{L}/u;
const DIGIT = /\p{N}/u;

type Kind = 'rtl' | 'ltr' | 'number' | 'neutral';

/**
 * Puts the runs of one line into left-to-right drawing order for a left-to-right paragraph with
 * embedded right-to-left text: each maximal stretch that starts with a right-to-left word, ends
 * with a right-to-left word or a number, and holds no left-to-right letters is reversed word by
 * word (numbers inside stay left to right, as the Unicode bidi algorithm treats numbers after
 * Arabic). Inside a word fontkit already orders and shapes the glyphs, and pdfkit lays out each
 * space-separated word on its own, so lines are split into words here for the reversal to be
 * right. Not the full bidi algorithm: no right-to-left paragraphs, no explicit embedding
 * controls, no mirrored brackets.
 */
export function visualOrder(runs: readonly TextRun[], isRtl: (font: string) => boolean): TextRun[] {
  if (!runs.some((run) => isRtl(run.font))) return runs.map((run) => ({ ...run }));
  const pieces: Array<TextRun & { kind: Kind }> = [];
  for (const run of runs) {
    for (const text of run.text.split(/( +)/)) {
      if (text === '') continue;
      const kind: Kind = LETTER.test(text) ? (isRtl(run.font) ? 'rtl' : 'ltr') : DIGIT.test(text) ? 'number' : 'neutral';
      pieces.push({ font: run.font, text, kind });
    }
  }
  const ordered: TextRun[] = [];
  const kindAt = (i: number): Kind => (pieces[i] as (typeof pieces)[number]).kind;
  let i = 0;
  while (i < pieces.length) {
    let end = i;
    if (kindAt(i) === 'rtl') {
      for (let j = i + 1; j < pieces.length && kindAt(j) !== 'ltr'; j += 1) {
        if (kindAt(j) === 'rtl' || kindAt(j) === 'number') end = j;
      }
    }
    for (let k = end; k >= i; k -= 1) {
      const { font, text } = pieces[k] as (typeof pieces)[number];
      const last = ordered[ordered.length - 1];
      // Neighbouring pieces of one font are drawn as one run again.
      if (last !== undefined && last.font === font && k === i && end === i) last.text += text;
      else ordered.push({ font, text });
    }
    i = end + 1;
  }
  return ordered;
}
