import { z } from 'zod';
import { strictObject } from '../../rules/pack/strict-object.js';
import type { ReportDefinition, ReportSection } from './report-definition.js';

const name = z.string().min(1);
const format = z.enum(['auto', 'count', 'date', 'text']).default('auto');

const figureSchema = strictObject({ figure: name, label: z.string().min(1), format });

const columnSchema = strictObject({
  field: name,
  title: z.string().min(1),
  width: z.number().positive().max(100).optional(),
  align: z.enum(['left', 'right']).optional(),
  format,
});

const tableSchema = strictObject({
  data: name,
  columns: z.array(columnSchema).min(1, 'a table has at least one column'),
  emptyText: z.string().min(1).optional(),
});

const chartSchema = strictObject({
  kind: z.enum(['bar', 'line']),
  series: name,
  title: z.string().min(1),
  valueLabel: z.string().min(1).optional(),
});

const sectionSchema = strictObject({
  heading: z.string().min(1),
  text: z.string().min(1).optional(),
  figures: z.array(figureSchema).min(1, 'list at least one figure').optional(),
  table: tableSchema.optional(),
  chart: chartSchema.optional(),
}).transform((section, ctx): ReportSection => {
  const { heading, text, figures, table, chart } = section;
  const base = { heading, ...(text !== undefined && { text }) };
  const shown = [figures && 'figures', table && 'table', chart && 'chart'].filter((key) => key !== undefined);
  if (shown.length !== 1) {
    ctx.issues.push({
      code: 'custom',
      input: section,
      message: shown.length === 0
        ? 'a section shows one of `figures:`, `table:` or `chart:`; add one'
        : `a section shows exactly one of figures, table or chart, this one has ${shown.join(' and ')}; split it into ${shown.length} sections`,
    });
    return z.NEVER;
  }
  if (figures) return { ...base, figures };
  if (table) return { ...base, table };
  return { ...base, chart: chart as NonNullable<typeof chart> };
});

/** A definition file as written; `file` is added by the loader. */
export const definitionFileSchema = strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a report id is lower-case letters, digits and "-", e.g. dlp-incidents'),
  title: z.string().min(1),
  description: z.string().min(1),
  source: name,
  sections: z.array(sectionSchema).min(1, 'a report has at least one section under `sections:`'),
}).transform((definition): Omit<ReportDefinition, 'file'> => definition);
