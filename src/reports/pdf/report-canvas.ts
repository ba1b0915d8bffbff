import PDFDocument from 'pdfkit';
import { allFallbackFonts, type FontWeight } from './fonts.js';
import { layoutText, type TextLine } from './text-layout.js';

/** Type scale in points. */
export const TYPE = { h1: 17, h2: 12.5, body: 9.5, table: 8.5, chart: 7.5, footer: 7.5 } as const;
/** Colours: body text, secondary text, rules and grid, fills. */
export const COLOUR = { text: '#1a1a1a', muted: '#5c5c5c', rule: '#b8b8b8', grid: '#e2e2e2', fill: '#eef1f5', stripe: '#f7f7f7', accent: '#2f5d8a' } as const;

/** A4 with 20 mm side margins; the bottom margin leaves room for the footer. */
const MARGIN = { top: 62, bottom: 68, left: 56.7, right: 56.7 } as const;
/** Line height as a multiple of the font size (Noto's ascent + descent is about 1.36 em). */
const LEADING = 1.38;
/** Bound of the width cache, so a huge unique body cannot grow it without limit. */
const MAX_REMEMBERED_WIDTHS = 50_000;
/** Baseline below the top of a line, in em (Noto Sans' ascent). */
const ASCENT = 1.069;

/** How a block of laid-out lines is drawn. */
export interface DrawTextOptions {
  size: number;
  weight?: FontWeight;
  color?: string;
  align?: 'left' | 'right';
}

/**
 * The pdfkit document with the fonts registered and a vertical cursor: the shared drawing layer of
 * the report blocks. Text goes through `layoutText` (font fallback and wrapping) and is drawn one
 * run at a time at an explicit position, so measuring and drawing agree and pdfkit never adds a
 * page on its own.
 */
export class ReportCanvas {
  readonly doc: PDFKit.PDFDocument;
  /** Top of the free space on the current page. */
  y: number;

  constructor(options: { title: string; subject?: string; keywords?: string }) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      bufferPages: true,
      autoFirstPage: true,
      lang: 'en',
      displayTitle: true,
      info: {
        Title: options.title,
        Creator: 'Custodian',
        ...(options.subject === undefined ? {} : { Subject: options.subject }),
        ...(options.keywords === undefined ? {} : { Keywords: options.keywords }),
      },
    });
    // pdfkit takes an opened fontkit font as well as bytes (PDFFontFactory.open checks for
    // `layout`); handing it the shared one spares every document re-parsing the 10 MB CJK font.
    for (const font of allFallbackFonts()) this.doc.registerFont(font.name, font.coverage as unknown as Buffer);
    this.y = MARGIN.top;
  }

  get left(): number {
    return MARGIN.left;
  }

  get right(): number {
    return this.doc.page.width - MARGIN.right;
  }

  get width(): number {
    return this.right - this.left;
  }

  /** Lowest y that content may reach on a page. */
  get bottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }

  /** Height of the content area of a page. */
  get pageContentHeight(): number {
    return this.bottom - MARGIN.top;
  }

  /** True when nothing has been drawn on the current page yet. */
  get atPageTop(): boolean {
    return this.y <= MARGIN.top;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = MARGIN.top;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number): void {
    if (this.y + height > this.bottom && !this.atPageTop) this.newPage();
  }

  lineHeight(size: number): number {
    return size * LEADING;
  }

  private readonly widths = new Map<string, number>();

  /**
   * Width of `text` in a registered font at 1 pt. Remembered per document: report text repeats
   * (column values, words), and switching pdfkit's current font for every measurement is costly.
   */
  readonly measure = (font: string, text: string): number => {
    const key = `${font}\u0000${text}`;
    let width = this.widths.get(key);
    if (width === undefined) {
      width = this.doc.font(font).fontSize(1).widthOfString(text);
      if (this.widths.size >= MAX_REMEMBERED_WIDTHS) this.widths.clear();
      this.widths.set(key, width);
    }
    return width;
  };

  layout(text: string, width: number, size: number, weight: FontWeight = 'regular'): TextLine[] {
    return layoutText(this.measure, text, { width, size, weight });
  }

  /** Width of `text` on one line (no wrapping). */
  textWidth(text: string, size: number, weight: FontWeight = 'regular'): number {
    return Math.max(...this.layout(text, Number.POSITIVE_INFINITY, size, weight).map((line) => line.width));
  }

  /** Draws one laid-out line with its top at `top`, starting at `x` (or ending there for `right`). */
  drawLine(line: TextLine, x: number, top: number, options: DrawTextOptions): void {
    let cursor = options.align === 'right' ? x - line.width : x;
    const baseline = top + options.size * ASCENT;
    this.doc.fillColor(options.color ?? COLOUR.text);
    for (const run of line.runs) {
      this.doc.font(run.font).fontSize(options.size).text(run.text, cursor, baseline, { lineBreak: false, baseline: 'alphabetic' });
      cursor += run.width;
    }
  }

  /**
   * Draws `text` on one line, shortened with an ellipsis to `maxWidth`; `x` is the left end, the
   * right end (`align: 'right'`) or the centre (`align: 'center'`).
   */
  drawLabel(text: string, x: number, top: number, options: { size: number; maxWidth: number; align?: 'left' | 'right' | 'center'; weight?: FontWeight; color?: string }): void {
    const weight = options.weight ?? 'regular';
    let line = this.fitLine(text, options.maxWidth, options.size, weight);
    const start = options.align === 'right' ? x - line.width : options.align === 'center' ? x - line.width / 2 : x;
    if (line.width > options.maxWidth) line = { runs: [], width: 0 };
    this.drawLine(line, start, top, { size: options.size, weight, ...(options.color === undefined ? {} : { color: options.color }) });
  }

  private fitLine(text: string, maxWidth: number, size: number, weight: FontWeight): TextLine {
    const [whole] = this.layout(text.replace(/\s+/g, ' '), Number.POSITIVE_INFINITY, size, weight);
    if (whole === undefined || whole.width <= maxWidth) return whole ?? { runs: [], width: 0 };
    const chars = [...text.replace(/\s+/g, ' ')];
    let low = 0;
    let high = chars.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      const candidate = this.layout(`${chars.slice(0, mid).join('').trimEnd()}…`, Number.POSITIVE_INFINITY, size, weight)[0];
      if (candidate !== undefined && candidate.width <= maxWidth) low = mid;
      else high = mid - 1;
    }
    return this.layout(`${chars.slice(0, low).join('').trimEnd()}…`, Number.POSITIVE_INFINITY, size, weight)[0] ?? { runs: [], width: 0 };
  }

  /**
   * Draws wrapped text at the cursor across as many pages as it needs and moves the cursor below it.
   */
  flowText(text: string, options: DrawTextOptions & { indent?: number }): void {
    const indent = options.indent ?? 0;
    const lineHeight = this.lineHeight(options.size);
    for (const line of this.layout(text, this.width - indent, options.size, options.weight)) {
      this.ensureSpace(lineHeight);
      this.drawLine(line, options.align === 'right' ? this.right : this.left + indent, this.y, options);
      this.y += lineHeight;
    }
  }

  /** Draws a horizontal rule across the content width at the cursor. */
  rule(color: string = COLOUR.rule, lineWidth = 0.6): void {
    this.doc.save().moveTo(this.left, this.y).lineTo(this.right, this.y).lineWidth(lineWidth).strokeColor(color).stroke().restore();
  }

  /**
   * Prints the running header (title) and footer (`footer` and "page N of M") on every page;
   * called once, after the last block.
   */
  decoratePages(title: string, footer: string): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i += 1) {
      this.doc.switchToPage(i);
      const pageLabel = `page ${i - range.start + 1} of ${range.count}`;
      const labelWidth = this.textWidth(pageLabel, TYPE.footer);
      const headerTop = MARGIN.top - 30;
      // The first page opens with the title as its heading; later pages name it in a header.
      if (i > range.start) this.drawLabel(title, this.left, headerTop, { size: TYPE.footer, maxWidth: this.width, color: COLOUR.muted });
      const footerTop = this.doc.page.height - MARGIN.bottom + 22;
      this.doc.save().moveTo(this.left, footerTop - 6).lineTo(this.right, footerTop - 6).lineWidth(0.5).strokeColor(COLOUR.rule).stroke().restore();
      this.drawLabel(footer, this.left, footerTop, { size: TYPE.footer, maxWidth: this.width - labelWidth - 18, color: COLOUR.muted });
      this.drawLabel(pageLabel, this.right, footerTop, { size: TYPE.footer, maxWidth: labelWidth + 1, align: 'right', color: COLOUR.muted });
    }
  }
}
