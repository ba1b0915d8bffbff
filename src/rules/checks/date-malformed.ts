import type { HeuristicCheck } from './check.js';
import { firstHeader } from './header-values.js';
import { parseMailDate } from './mail-date.js';

/** A numeric zone at the end of the date-time, before any comment. */
const ZONE = /([+-])(\d{2})(\d{2})\s*(?:\([^()]*\))?\s*$/;

/**
 * A Date header that no parser can read, or with a zone offset no place on Earth has (beyond
 * ±14:00, e.g. `-1600`): hand-rolled bulk mailers get this wrong, mail clients never do.
 */
export const dateMalformed: HeuristicCheck = {
  id: 'date-malformed',
  description: 'The Date header cannot be parsed or has an impossible time-zone offset',
  test(view) {
    const date = firstHeader(view, 'date');
    if (date === null) return null;
    if (parseMailDate(date) === null) return `unreadable Date: ${date.slice(0, 60)}`;
    // The zone is at the end; looking only there keeps the unanchored search short.
    const zone = ZONE.exec(date.slice(-60));
    if (zone !== null && (Number(zone[2]) > 14 || Number(zone[3]) > 59)) return `impossible zone offset ${zone[0].trim()}`;
    return null;
  },
};
