import { finished } from 'node:stream/promises';
import { drawBarChart, drawLineChart, type ChartOptions, type ChartPoint } from './chart-block.js';
import { drawGrid } from './grid-block.js';
import { COLOUR, ReportCanvas, TYPE } from './report-canvas.js';

/** A table column. */
export interface TableColumn {
  title: string;
  /** Relative width, default 1. */
  width?: number;
  /** Alignment of the cells, default `left`. */
  align?: 'left' | 'right';
}

/** A PDF report being written: blocks flow down the page and onto new pages as needed. */
export interface ReportDocument {
  heading(text: string, level?: 1 | 2): void;
  paragraph(text: string): void;
  keyValues(pairs: Array<[label: string, value: string]>): void;
  /** Rows of cell texts; breaks across pages repeating the header row; long cells wrap. */
  table(columns: TableColumn[], rows: string[][]): void;
  barChart(series: Array<{ label: string; value: number }>, options: { title: string; valueLabel?: string }): void;
  lineChart(series: Array<{ label: string; value: number }>, options: { title: string; valueLabel?: string }): void;
  /** Embeds a file in the PDF (PDF file attachment), e.g. the report's data as JSON. */
  attach(name: string, content: Buffer, description: string): void;
  /** Ends the document; resolves when every byte is written to the output stream. */
  end(): Promise<void>;
}

/** Options of `createReportDocument`. */
export interface ReportDocumentOptions {
  /** Document info Title, also printed small at the top of every page. */
  title: string;
  /** Document info Subject / Keywords; absent by default. */
  subject?: string;
  keywords?: string;
  /** Printed small in every page footer, with "page N of M". */
  footer: string;
}

/** A block was added, or `end()` called again, after the document was ended. */
export class ReportDocumentEndedError extends Error {
  override readonly name = 'ReportDocumentEndedError';
}

/** Space after blocks, in points. */
const GAP = { paragraph: 6, block: 10 } as const;
/** MIME types of attachments by extension; anything else is application/octet-stream. */
const ATTACHMENT_TYPES: Record<string, string> = {
  json: 'application/json',
  csv: 'text/csv',
  txt: 'text/plain',
  xml: 'application/xml',
  sig: 'application/octet-stream',
};

/**
 * Starts an A4 report written to `out`. Text in any of Latin, Greek, Cyrillic, CJK and Arabic
 * is set in Noto Sans with Noto Sans SC and Noto Sans Arabic as fallbacks (embedded, subset).
 * Nothing reaches `out` until `end()`: pages are buffered so that every footer can say
 * "page N of M".
 */
export function createReportDocument(out: NodeJS.WritableStream, options: ReportDocumentOptions): ReportDocument {
  const canvas = new ReportCanvas(options);
  const doc = canvas.doc;
  doc.pipe(out);
  let ended = false;
  const open = (): void => {
    if (ended) throw new ReportDocumentEndedError('the report document has already been ended');
  };

  return {
    heading(text, level = 1) {
      open();
      const size = level === 1 ? TYPE.h1 : TYPE.h2;
      const lines = canvas.layout(text, canvas.width, size, 'bold');
      const height = lines.length * canvas.lineHeight(size);
      // Keep a heading with at least a few lines of what follows it.
      canvas.ensureSpace(height + 60);
      if (!canvas.atPageTop) canvas.y += level === 1 ? 12 : 8;
      canvas.flowText(text, { size, weight: 'bold', color: level === 1 ? COLOUR.text : COLOUR.accent });
      if (level === 1) {
        canvas.y += 1;
        canvas.rule(COLOUR.rule, 0.8);
      }
      canvas.y += level === 1 ? 8 : 4;
    },
    paragraph(text) {
      open();
      canvas.flowText(text, { size: TYPE.body });
      canvas.y += GAP.paragraph;
    },
    keyValues(pairs) {
      open();
      const size = TYPE.body;
      const labelWidth = Math.min(canvas.width * 0.38, Math.max(60, ...pairs.map(([label]) => canvas.textWidth(label, size, 'bold'))) + 12);
      drawGrid(canvas, {
        columns: [
          { width: labelWidth, align: 'left', weight: 'bold', color: COLOUR.muted },
          { width: canvas.width - labelWidth, align: 'left', weight: 'regular', color: COLOUR.text },
        ],
        header: null,
        rows: pairs.map(([label, value]) => [label, value]),
        size,
        stripes: false,
      });
      canvas.y += GAP.block;
    },
    table(columns, rows) {
      open();
      const total = columns.reduce((sum, c) => sum + positive(c.width), 0);
      drawGrid(canvas, {
        columns: columns.map((c) => ({ width: (canvas.width * positive(c.width)) / total, align: c.align ?? 'left', weight: 'regular', color: COLOUR.text })),
        header: columns.map((c) => c.title),
        rows,
        size: TYPE.table,
        stripes: true,
      });
      if (rows.length === 0) canvas.flowText('(no rows)', { size: TYPE.table, color: COLOUR.muted, indent: 4 });
      canvas.y += GAP.block;
    },
    barChart(series: ChartPoint[], chartOptions: ChartOptions) {
      open();
      drawBarChart(canvas, series, chartOptions);
    },
    lineChart(series: ChartPoint[], chartOptions: ChartOptions) {
      open();
      drawLineChart(canvas, series, chartOptions);
    },
    attach(name, content, description) {
      open();
      const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
      doc.file(content, { name, description, type: ATTACHMENT_TYPES[extension] ?? 'application/octet-stream' });
    },
    async end() {
      open();
      ended = true;
      const written = finished(out);
      canvas.decoratePages(options.title, options.footer);
      doc.end();
      await written;
    },
  };
}

/** A relative column width: the given one when positive and finite, else 1. */
function positive(width: number | undefined): number {
  return width !== undefined && Number.isFinite(width) && width > 0 ? width : 1;
}
