import type { ReportCell } from '../report-data.js';
import type { ValueFormat } from './report-definition.js';

const counts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** A full ISO-8601 date-time, as the data sources write times. Plain dates (`2024-03-04`) and months are labels, left as written. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Printed for a null cell. */
export const EMPTY_CELL = '—';

/** `12,345` (up to two decimals). */
export function formatCount(value: number): string {
  return counts.format(value);
}

/** `5 Mar 2024 14:02 UTC`; seconds only when they are not zero. */
export function formatDate(date: Date): string {
  const seconds = date.getUTCSeconds() === 0 ? '' : `:${pad(date.getUTCSeconds())}`;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}${seconds} UTC`;
}

/**
 * A figure or cell as printed. `auto`: numbers as counts, ISO-8601 date-times as dates, the rest
 * as written; `count` and `date` fall back to the text when the value is not one.
 */
export function formatValue(value: ReportCell | undefined, format: ValueFormat): string {
  if (value === null || value === undefined || value === '') return EMPTY_CELL;
  if (format === 'text') return String(value);
  if (typeof value === 'number') return format === 'date' ? dateOrText(new Date(value), String(value)) : formatCount(value);
  if (format === 'count') return /^-?\d+(\.\d+)?$/.test(value) ? formatCount(Number(value)) : value;
  if (format === 'date' || ISO_TIME.test(value)) return dateOrText(new Date(value), value);
  return value;
}

function dateOrText(date: Date, text: string): string {
  return Number.isNaN(date.getTime()) ? text : formatDate(date);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
