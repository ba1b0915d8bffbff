import type { MessageView } from '../message-view.js';
import { headerValues } from './header-values.js';
import { receivedDate } from './mail-date.js';

/** One Received field, as far as the checks need it. */
export interface ReceivedHop {
  /** The raw field value, for evidence. */
  value: string;
  /** The name the client gave in HELO/EHLO (`from <helo>`), lower-cased; null when absent. */
  helo: string | null;
  /** The connecting IPv4 address the receiving server recorded in brackets; null when absent. */
  ip: string | null;
  /** The timestamp after `;`, ms since the epoch; null when unreadable. */
  date: number | null;
}

const HELO = /^\s*from\s+(\S+)/i;
const BRACKETED_IPV4 = /\[(?:IPv6:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})\]/i;

/** The Received fields, newest (topmost) first, as every server prepends its own. */
export function receivedHops(view: MessageView): ReceivedHop[] {
  return headerValues(view, 'received').map((value) => {
    // Only the from-clause (before ` by `) names the client; later brackets belong to the receiver.
    const by = value.search(/\sby\s/i);
    const fromClause = by < 0 ? value : value.slice(0, by);
    return {
      value,
      helo: HELO.exec(fromClause)?.[1]?.toLowerCase() ?? null,
      ip: BRACKETED_IPV4.exec(fromClause)?.[1] ?? null,
      date: receivedDate(value),
    };
  });
}
