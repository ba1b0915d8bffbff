/**
 * The shape of a range value, before its operands are read as dates, sizes, scores or severities:
 * `>=X`, `<=X`, `>X`, `<X`, `A..B` (either end may be left open), or a single `X` (also `=X`).
 */
export type Comparison =
  | { kind: 'compare'; op: '>=' | '<=' | '>' | '<'; operand: string }
  | { kind: 'between'; from: string | null; to: string | null }
  | { kind: 'equal'; operand: string };

const OPERATORS = ['>=', '<=', '>', '<'] as const;

/** Splits a range value into operator and operands; operands are returned unvalidated. */
export function parseComparison(text: string): Comparison {
  for (const op of OPERATORS) {
    if (text.startsWith(op)) return { kind: 'compare', op, operand: text.slice(op.length) };
  }
  if (text.startsWith('=')) return { kind: 'equal', operand: text.slice(1) };
  const dots = text.indexOf('..');
  if (dots >= 0) {
    const from = text.slice(0, dots);
    const to = text.slice(dots + 2);
    return { kind: 'between', from: from === '' ? null : from, to: to === '' ? null : to };
  }
  return { kind: 'equal', operand: text };
}
