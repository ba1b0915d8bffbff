/**
 * The span of time a date or timestamp names, at the precision it was written with:
 * `2024-01-31` is that whole UTC day, `2024-01-31T10:00` that minute, `…T10:00:05.250` that
 * millisecond. Range operators are defined on spans, which is what makes `<=2024-01-31` include
 * the whole of the 31st.
 */
export interface DateSpan {
  /** Epoch ms of the first instant. */
  start: number;
  /** Epoch ms just after the last instant (exclusive). */
  end: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const SECOND_MS = 1_000;

/**
 * ISO 8601 calendar date, optionally with a time and offset. The shape is checked here and the
 * values (month 13, 30 February) below. No offset means UTC, unlike `Date.parse`, which reads an
 * offset-less date-time as local time and would make results depend on the server's zone.
 */
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** Parses `YYYY-MM-DD` or an ISO timestamp with `T`; null when it is not a real date. */
export function parseDateValue(text: string): DateSpan | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, ms, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  const milli = ms === undefined ? 0 : Number(ms.padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, milli);
  if (new Date(utc).getUTCDate() !== day) return null; // 2024-02-30 rolled over into March
  const offset = zone === undefined ? 0 : parseOffset(zone);
  if (offset === null) return null;
  const start = utc - offset;
  if (h === undefined) return { start, end: start + DAY_MS };
  const unit =
    mi === undefined ? HOUR_MS : s === undefined ? MINUTE_MS : ms === undefined ? SECOND_MS : 10 ** (3 - ms.length);
  return { start, end: start + unit };
}

/** `Z`, `+02:00`, `-0530`, `+02` → offset from UTC in ms; null when out of range. */
function parseOffset(zone: string): number | null {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * HOUR_MS + minutes * MINUTE_MS);
}
