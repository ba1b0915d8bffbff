import type { MessageView } from '../message-view.js';
import { headerValues } from './header-values.js';

/**
 * Milliseconds since the epoch for an RFC 5322 date, or null when it can't be read. V8's parser
 * accepts the obsolete forms (two-digit years, zone names, trailing comments) real mail uses.
 */
export function parseMailDate(value: string): number | null {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** The date a Received field stamps: the text after its last `;`. */
export function receivedDate(received: string): number | null {
  const semi = received.lastIndexOf(';');
  return semi < 0 ? null : parseMailDate(received.slice(semi + 1).trim());
}

/**
 * When the message reached the topmost server that stamped it (the first Received field with a
 * readable date), or null. Date checks compare against this rather than the clock, so an
 * archived message is judged by when it arrived, not by when it is classified again.
 */
export function arrivalTime(view: MessageView): number | null {
  for (const value of headerValues(view, 'received')) {
    const ms = receivedDate(value);
    if (ms !== null) return ms;
  }
  return null;
}
