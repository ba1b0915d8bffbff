import type { ReportSeries } from '../report-data.js';

/**
 * Time buckets of the report data sets, all in UTC: days `YYYY-MM-DD`, ISO weeks labelled by their
 * Monday (`YYYY-MM-DD`), months `YYYY-MM`. Sources group rows by UTC day (or month) in SQL — an
 * integer division SQLite does cheaply — and fold the few resulting rows into these labels here.
 */

export const DAY_MS = 86_400_000;

/** 1970-01-01 was a Thursday: three days after the Monday that starts its ISO week. */
const EPOCH_WEEKDAY_OFFSET = 3;

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The ISO week of an instant, as the `YYYY-MM-DD` of its Monday (UTC). */
export function weekOf(date: Date): string {
  return dayOf(new Date(mondayOf(date.getTime())));
}

/** The UTC month of an instant, `YYYY-MM`. */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** Midnight UTC at the start of the month `months` after the month of `date` (negative: before). */
export function startOfMonth(date: Date, months = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
}

/** Every UTC day that overlaps `[from, to)`, in order; none when the period is empty. */
export function daysOfPeriod(from: Date, to: Date): string[] {
  return stepLabels(from, to, Math.floor(from.getTime() / DAY_MS) * DAY_MS, (ms) => ms + DAY_MS, dayOf);
}

/** Every ISO week that overlaps `[from, to)`, by its Monday, in order; none when the period is empty. */
export function weeksOfPeriod(from: Date, to: Date): string[] {
  return stepLabels(from, to, mondayOf(from.getTime()), (ms) => ms + 7 * DAY_MS, dayOf);
}

/** Every UTC month that overlaps `[from, to)`, in order; none when the period is empty. */
export function monthsOfPeriod(from: Date, to: Date): string[] {
  return stepLabels(from, to, startOfMonth(from).getTime(), (ms) => startOfMonth(new Date(ms), 1).getTime(), monthOf);
}

/** One bucket of a period: its label and the part of `[from, to)` it covers, in epoch ms. */
export interface PeriodBucket {
  label: string;
  from: number;
  to: number;
}

/**
 * The weeks (or days, months) of `[from, to)`, each clipped to the period. Counting each with an
 * index range count walks the index in order, where `GROUP BY` on a computed bucket would sort
 * every row of the period first.
 */
export function periodBuckets(unit: 'day' | 'week' | 'month', from: Date, to: Date): PeriodBucket[] {
  const labels = unit === 'day' ? daysOfPeriod(from, to) : unit === 'week' ? weeksOfPeriod(from, to) : monthsOfPeriod(from, to);
  const startOf = (label: string) => Date.parse(unit === 'month' ? `${label}-01T00:00:00.000Z` : `${label}T00:00:00.000Z`);
  return labels.map((label, i) => {
    const next = labels[i + 1];
    return { label, from: Math.max(startOf(label), from.getTime()), to: next === undefined ? to.getTime() : startOf(next) };
  });
}

/**
 * A chart series over `labels` (in their order, zero where nothing was counted) from counted
 * points; several points with one label add up (days folded into weeks), and points whose label
 * is not among `labels` are left out.
 */
export function seriesOver(labels: readonly string[], points: Iterable<{ label: string; value: number }>): ReportSeries {
  const values = new Map(labels.map((label) => [label, 0]));
  for (const point of points) {
    const value = values.get(point.label);
    if (value !== undefined) values.set(point.label, value + point.value);
  }
  return labels.map((label) => ({ label, value: values.get(label) ?? 0 }));
}

function mondayOf(ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  const weekday = (((day + EPOCH_WEEKDAY_OFFSET) % 7) + 7) % 7;
  return (day - weekday) * DAY_MS;
}

function stepLabels(from: Date, to: Date, first: number, next: (ms: number) => number, label: (date: Date) => string): string[] {
  const labels: string[] = [];
  if (from.getTime() >= to.getTime()) return labels;
  for (let ms = first; ms < to.getTime(); ms = next(ms)) labels.push(label(new Date(ms)));
  return labels;
}
