import ipaddr from 'ipaddr.js';
import type { SmtpEnvelope } from '../../../domain/envelope.js';
import { parseClientRange } from '../../../smtp/client-range.js';

/**
 * Whether a received copy may speak as a journal report: the client authenticated (SMTP AUTH
 * accounts are given to journaling servers only) or connected from a listed address or range.
 */
export function createTrustedSourceCheck(sources: readonly string[]): (envelope: SmtpEnvelope) => boolean {
  const ranges = sources.map(parseClientRange);
  return (envelope) => {
    if (envelope.authUser) return true;
    let address: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      address = ipaddr.process(envelope.clientAddress);
    } catch {
      return false;
    }
    return ranges.some(([range, bits]) => address.kind() === range.kind() && address.match(range, bits));
  };
}
