import type { ReportDocument } from '../pdf/report-document.js';
import type { ReportData } from '../report-data.js';
import { formatCount, formatValue } from './format-value.js';
import { MissingReportDataError } from './missing-report-data-error.js';
import type { ReportDefinition, ReportSection } from './report-definition.js';

/** Printed instead of an empty table when the definition gives no `emptyText`. */
const DEFAULT_EMPTY_TEXT = 'Nothing in this period.';

/**
 * @throws MissingReportDataError naming every figure, table and series the definition shows that
 *   the data lack, before anything is drawn.
 */
export function assertDataCoversDefinition(definition: ReportDefinition, data: ReportData): void {
  const missing: string[] = [];
  for (const section of definition.sections) {
    if ('figures' in section) {
      for (const item of section.figures) if (!(item.figure in data.figures)) missing.push(`figure ${item.figure}`);
    } else if ('table' in section) {
      if (!data.tables[section.table.data]) missing.push(`table ${section.table.data}`);
    } else if (!data.series[section.chart.series]) {
      missing.push(`series ${section.chart.series}`);
    }
  }
  if (missing.length > 0) throw new MissingReportDataError(definition.id, missing);
}

/** Draws one section: heading, its explanation, then its figures, table or chart. */
export function renderSection(doc: ReportDocument, section: ReportSection, data: ReportData): void {
  doc.heading(section.heading, 2);
  if (section.text !== undefined) doc.paragraph(section.text);
  if ('figures' in section) {
    doc.keyValues(section.figures.map((item) => [item.label, formatValue(data.figures[item.figure], item.format)]));
  } else if ('table' in section) {
    const { columns, data: name, emptyText } = section.table;
    const table = data.tables[name] ?? { rows: [] };
    if (table.rows.length === 0) {
      doc.paragraph(emptyText ?? DEFAULT_EMPTY_TEXT);
      return;
    }
    if (table.totalRows !== undefined && table.totalRows > table.rows.length) {
      doc.paragraph(`Showing ${formatCount(table.rows.length)} of ${formatCount(table.totalRows)} rows; the embedded report data hold the same rows.`);
    }
    doc.table(
      columns.map((column) => ({ title: column.title, ...(column.width !== undefined && { width: column.width }), ...(column.align !== undefined && { align: column.align }) })),
      table.rows.map((row) => columns.map((column) => formatValue(row[column.field], column.format))),
    );
  } else {
    const { kind, series, title, valueLabel } = section.chart;
    const points = data.series[series] ?? [];
    if (points.length === 0) {
      doc.paragraph('No data for this chart in the period.');
      return;
    }
    const options = { title, ...(valueLabel !== undefined && { valueLabel }) };
    if (kind === 'bar') doc.barChart(points, options);
    else doc.lineChart(points, options);
  }
}
