import type { FontWeight } from './fonts.js';
import { COLOUR, type ReportCanvas } from './report-canvas.js';
import type { TextLine } from './text-layout.js';

/** A column of a grid, in points. */
export interface GridColumn {
  width: number;
  align: 'left' | 'right';
  weight: FontWeight;
  color: string;
}

/** What `drawGrid` draws: a table or a key/value block. */
export interface GridSpec {
  columns: GridColumn[];
  /** A header row repeated at the top of every page the grid reaches; none for key/value blocks. */
  header: string[] | null;
  rows: string[][];
  size: number;
  /** Fill every other row, for long tables. */
  stripes: boolean;
}

const PAD_X = 4;
const PAD_Y = 2.5;

/**
 * Draws rows of wrapped cells at the cursor. A row that does not fit on the page moves to the next
 * one (under a repeated header); a row taller than a whole page (a huge cell) is split across
 * pages line by line, so no text is ever cut off.
 */
export function drawGrid(canvas: ReportCanvas, spec: GridSpec): void {
  const lineHeight = canvas.lineHeight(spec.size);
  const layoutRow = (cells: readonly string[], weight?: FontWeight): TextLine[][] =>
    spec.columns.map((column, i) => canvas.layout(cells[i] ?? '', column.width - 2 * PAD_X, spec.size, weight ?? column.weight));
  const headerLines = spec.header === null ? null : layoutRow(spec.header, 'bold');
  const headerHeight = headerLines === null ? 0 : rowHeight(headerLines, lineHeight);

  const drawHeader = (): void => {
    if (headerLines === null) return;
    canvas.doc.save().rect(canvas.left, canvas.y, canvas.width, headerHeight).fill(COLOUR.fill).restore();
    drawCells(canvas, spec, headerLines, 0, maxLines(headerLines), { bold: true });
    canvas.y += headerHeight;
    canvas.doc.save().moveTo(canvas.left, canvas.y).lineTo(canvas.right, canvas.y).lineWidth(0.8).strokeColor(COLOUR.rule).stroke().restore();
  };

  const firstRow = spec.rows[0] === undefined ? 1 : Math.min(maxLines(layoutRow(spec.rows[0])), 3);
  canvas.ensureSpace(headerHeight + firstRow * lineHeight + 2 * PAD_Y);
  drawHeader();

  spec.rows.forEach((cells, index) => {
    const lines = layoutRow(cells);
    const total = maxLines(lines);
    const height = rowHeight(lines, lineHeight);
    const fitsOnAPage = height <= canvas.pageContentHeight - headerHeight;
    let offset = 0;
    let freshPage = false;
    while (offset < total) {
      const room = Math.floor((canvas.bottom - canvas.y - 2 * PAD_Y) / lineHeight);
      const mustMove = room < 1 || (offset === 0 && fitsOnAPage && canvas.y + height > canvas.bottom);
      if (mustMove && !freshPage) {
        canvas.newPage();
        drawHeader();
        freshPage = true;
        continue;
      }
      const take = Math.max(1, Math.min(room, total - offset));
      const chunkHeight = take * lineHeight + 2 * PAD_Y;
      if (spec.stripes && index % 2 === 1) canvas.doc.save().rect(canvas.left, canvas.y, canvas.width, chunkHeight).fill(COLOUR.stripe).restore();
      drawCells(canvas, spec, lines, offset, take, { bold: false });
      canvas.y += chunkHeight;
      canvas.doc.save().moveTo(canvas.left, canvas.y).lineTo(canvas.right, canvas.y).lineWidth(0.4).strokeColor(COLOUR.grid).stroke().restore();
      offset += take;
      freshPage = false;
    }
  });
}

function maxLines(cells: TextLine[][]): number {
  return Math.max(1, ...cells.map((lines) => lines.length));
}

function rowHeight(cells: TextLine[][], lineHeight: number): number {
  return maxLines(cells) * lineHeight + 2 * PAD_Y;
}

function drawCells(canvas: ReportCanvas, spec: GridSpec, cells: TextLine[][], from: number, count: number, options: { bold: boolean }): void {
  let x = canvas.left;
  spec.columns.forEach((column, i) => {
    const lines = cells[i] ?? [];
    for (let n = 0; n < count; n += 1) {
      const line = lines[from + n];
      if (line === undefined) break;
      const top = canvas.y + PAD_Y + n * canvas.lineHeight(spec.size);
      const anchor = column.align === 'right' ? x + column.width - PAD_X : x + PAD_X;
      canvas.drawLine(line, anchor, top, { size: spec.size, align: column.align, color: options.bold ? COLOUR.text : column.color });
    }
    x += column.width;
  });
}
