/**
 * A fixed-width plain-text table for the terminal and the same rows as a Markdown table for
 * RESULTS.md, so what is printed and what is recorded cannot drift apart.
 */
export interface Table {
  headers: string[];
  rows: string[][];
  /** Columns whose cells are right-aligned (numbers). Default: every column but the first. */
  numeric?: number[];
}

function isNumeric(table: Table, column: number): boolean {
  return table.numeric ? table.numeric.includes(column) : column > 0;
}

/** The table as aligned text with a rule under the header. */
export function formatTable(table: Table): string {
  const widths = table.headers.map((h, c) => Math.max(h.length, ...table.rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (isNumeric(table, c) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0))).join('  ').trimEnd();
  return [line(table.headers), widths.map((w) => '-'.repeat(w)).join('  '), ...table.rows.map(line)].join('\n');
}

/** The table in GitHub Markdown; `|` in cells is escaped. */
export function markdownTable(table: Table): string {
  const escape = (cell: string) => cell.replaceAll('|', '\\|');
  const align = table.headers.map((_, c) => (isNumeric(table, c) ? '---:' : ':---'));
  return [table.headers, align, ...table.rows].map((cells) => `| ${cells.map(escape).join(' | ')} |`).join('\n');
}
