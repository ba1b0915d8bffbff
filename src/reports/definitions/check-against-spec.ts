import { closestName } from '../../query/closest-name.js';
import type { ReportDataSpec } from '../report-data.js';
import type { ReportDefinition } from './report-definition.js';

/** A name the definition uses that its data source does not have, at its path in the YAML. */
export interface SpecMismatch {
  path: Array<string | number>;
  message: string;
}

/**
 * Every figure, table, field and series the definition names that its data source does not
 * provide, each with the likely intended name or the list of valid ones; or an unknown source.
 */
export function checkAgainstSpec(definition: Omit<ReportDefinition, 'file'>, specs: Readonly<Record<string, ReportDataSpec>>): SpecMismatch[] {
  const spec = specs[definition.source];
  if (!spec) return [{ path: ['source'], message: unknown('data source', definition.source, Object.keys(specs)) }];
  const found: SpecMismatch[] = [];
  const where = `in data source ${definition.source}`;
  definition.sections.forEach((section, index) => {
    const at = ['sections', index];
    if ('figures' in section) {
      section.figures.forEach((item, i) => {
        if (!spec.figures.includes(item.figure)) found.push({ path: [...at, 'figures', i, 'figure'], message: unknown(`figure ${where}`, item.figure, spec.figures) });
      });
    } else if ('table' in section) {
      const fields = spec.tables[section.table.data];
      if (!fields) {
        found.push({ path: [...at, 'table', 'data'], message: unknown(`table ${where}`, section.table.data, Object.keys(spec.tables)) });
        return;
      }
      section.table.columns.forEach((column, i) => {
        if (!fields.includes(column.field)) found.push({ path: [...at, 'table', 'columns', i, 'field'], message: unknown(`field of table ${section.table.data}`, column.field, fields) });
      });
    } else if (!spec.series.includes(section.chart.series)) {
      found.push({ path: [...at, 'chart', 'series'], message: unknown(`series ${where}`, section.chart.series, spec.series) });
    }
  });
  return found;
}

function unknown(what: string, name: string, valid: readonly string[]): string {
  const suggestion = closestName(name, valid);
  return suggestion === null
    ? `unknown ${what}: "${name}"; it has ${valid.length === 0 ? 'none' : valid.join(', ')}`
    : `unknown ${what}: "${name}"; did you mean "${suggestion}"?`;
}
