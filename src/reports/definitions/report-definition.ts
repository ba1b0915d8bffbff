/** How a value is printed. `auto` (the default): numbers with thousands separators, ISO-8601 times as readable UTC dates, the rest as written. */
export type ValueFormat = 'auto' | 'count' | 'date' | 'text';

/** One key fact: a figure of the data source, printed as `label: value`. */
export interface FigureItem {
  figure: string;
  label: string;
  /** Default `auto`. */
  format: ValueFormat;
}

export interface TableColumnDefinition {
  /** Field of the data source's table. */
  field: string;
  title: string;
  /** Relative width. Default 1. */
  width?: number;
  /** Default `left`. */
  align?: 'left' | 'right';
  /** Default `auto`. */
  format: ValueFormat;
}

export interface TableBlock {
  /** Name of the data source's table. */
  data: string;
  columns: TableColumnDefinition[];
  /** Printed instead of an empty table. Default: "Nothing in this period." */
  emptyText?: string;
}

export interface ChartBlock {
  kind: 'bar' | 'line';
  /** Name of the data source's series. */
  series: string;
  title: string;
  /** Label of the value axis. */
  valueLabel?: string;
}

interface SectionBase {
  heading: string;
  /** A short explanation printed under the heading: what the section shows and how to read it. */
  text?: string;
}

/** A section shows exactly one of figures, a table or a chart. */
export type ReportSection = SectionBase & ({ figures: FigureItem[] } | { table: TableBlock } | { chart: ChartBlock });

/** A report definition from `reports/*.yaml` (or the site's definitions directory), checked against its data source. */
export interface ReportDefinition {
  id: string;
  title: string;
  description: string;
  /** Name of the report data source (`retention`, `integrity`, `audit`, `dlp`, `case`). */
  source: string;
  sections: ReportSection[];
  /** The file it was read from. */
  file: string;
}
