/** The periods a scheduled report can cover: the whole day, ISO week, month or quarter before the run. */
export const SCHEDULE_PERIODS = ['previous-day', 'previous-week', 'previous-month', 'previous-quarter'] as const;

export type SchedulePeriod = (typeof SCHEDULE_PERIODS)[number];

const DAY_MS = 86_400_000;

/**
 * The period, `[from, to)`, a scheduled report run at `now` covers, in UTC: the day before
 * today, the ISO week (Monday to Monday) before this one, the calendar month or quarter before
 * this one. UTC, not local time: the same schedule gives the same period wherever the appliance
 * runs, and the report prints its period in UTC.
 */
export function previousPeriod(kind: SchedulePeriod, now: Date): { from: Date; to: Date } {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const today = Date.UTC(year, month, now.getUTCDate());
  switch (kind) {
    case 'previous-day':
      return { from: new Date(today - DAY_MS), to: new Date(today) };
    case 'previous-week': {
      // getUTCDay: Sunday 0 … Saturday 6; days since this week's Monday.
      const sinceMonday = (now.getUTCDay() + 6) % 7;
      const monday = today - sinceMonday * DAY_MS;
      return { from: new Date(monday - 7 * DAY_MS), to: new Date(monday) };
    }
    case 'previous-month':
      // Date.UTC carries a month of -1 into December of the year before.
      return { from: new Date(Date.UTC(year, month - 1, 1)), to: new Date(Date.UTC(year, month, 1)) };
    case 'previous-quarter': {
      const quarterStart = month - (month % 3);
      return { from: new Date(Date.UTC(year, quarterStart - 3, 1)), to: new Date(Date.UTC(year, quarterStart, 1)) };
    }
  }
}
