import type { RetentionPeriod } from '../policies/retention-policy.js';

const DAY_MS = 86_400_000;

/**
 * The instant a period after `from` ends (epoch ms), or null for `forever`.
 *
 * Days are whole 24-hour days. Months and years are calendar ones in UTC, keeping the time of day,
 * and a day the target month lacks is clamped to its last day: 31 January + 1 month is 28 (or 29)
 * February, 29 February + 1 year is 28 February. A record is so never kept a day less than its
 * period, and never more than the month's missing days.
 */
export function addPeriod(from: number, period: RetentionPeriod): number | null {
  if (period.unit === 'forever') return null;
  if (period.unit === 'days') return from + period.count * DAY_MS;
  const months = period.unit === 'years' ? period.count * 12 : period.count;
  const start = new Date(from);
  const monthIndex = start.getUTCFullYear() * 12 + start.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(start.getUTCDate(), lastDay);
  const end = new Date(from);
  end.setUTCFullYear(year, month, day);
  return end.getTime();
}
