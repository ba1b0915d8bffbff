import type { HeuristicCheck } from './check.js';
import { firstHeader } from './header-values.js';
import { arrivalTime, parseMailDate } from './mail-date.js';

const HOUR = 3_600_000;
/** Clocks drift and time zones get mislabelled; SpamAssassin's lowest band starts at 3 hours. */
const FUTURE_TOLERANCE = 3 * HOUR;
/** Queued or retried ham can take a few days; days-old dates are a spam tool reusing a template. */
const PAST_TOLERANCE = 96 * HOUR;

function skew(view: Parameters<HeuristicCheck['test']>[0]): { sent: number; arrived: number; fromClock: boolean } | null {
  const date = firstHeader(view, 'date');
  const sent = date === null ? null : parseMailDate(date);
  if (sent === null) return null;
  const arrived = arrivalTime(view);
  return arrived === null ? { sent, arrived: Date.now(), fromClock: true } : { sent, arrived, fromClock: false };
}

const hours = (ms: number) => Math.round(ms / HOUR);

export const dateInFuture: HeuristicCheck = {
  id: 'date-in-future',
  description: 'The Date header is more than 3 hours after the message arrived (topmost Received)',
  test(view) {
    const s = skew(view);
    if (s === null || s.sent - s.arrived <= FUTURE_TOLERANCE) return null;
    return `Date is ${hours(s.sent - s.arrived)} h after ${s.fromClock ? 'now' : 'the topmost Received time'}`;
  },
};

export const dateFarPast: HeuristicCheck = {
  id: 'date-far-past',
  description: 'The Date header is more than 96 hours before the message arrived (topmost Received)',
  test(view) {
    const s = skew(view);
    // Without a Received field there is no arrival time: the clock would flag every old message.
    if (s === null || s.fromClock || s.arrived - s.sent <= PAST_TOLERANCE) return null;
    return `Date is ${hours(s.arrived - s.sent)} h before the topmost Received time`;
  },
};
