import ipaddr from 'ipaddr.js';
import type { HeuristicCheck } from './check.js';
import { receivedHops } from './received-hops.js';

const HOUR = 3_600_000;
/** A relay's clock may be off a little; more than an hour between two servers is not drift. */
const RELAY_SKEW = HOUR;
/**
 * The bottom hop is stamped by the first server from the sender's own clock and zone setting,
 * which home machines get wrong by whole time zones; only a day or more is beyond that.
 */
const ORIGIN_SKEW = 24 * HOUR;
const IPV4_LITERAL = /^\[?(\d{1,3}(?:\.\d{1,3}){3})\]?$/;

/**
 * A Received chain that can't be true. Each server prepends its hop, so reading downwards the
 * stamps go back in time; a lower (earlier) hop stamped well *after* the one above it was
 * written by the sender, not by a server — spam tools add fake hops to hide the origin. A client
 * that greets with a public IP literal other than the address it connects from is lying about
 * itself (SpamAssassin's forged HELO rules); private literals are left alone, because a client
 * behind NAT honestly greets with its private address.
 */
export const receivedChainSuspicious: HeuristicCheck = {
  id: 'received-chain-suspicious',
  description: 'Received hops go back in time, or a hop greets with a public IP it does not connect from',
  test(view) {
    const hops = receivedHops(view);
    let newer: number | null = null;
    for (let i = 0; i < hops.length; i++) {
      const hop = hops[i]!;
      if (hop.date !== null) {
        const limit = i === hops.length - 1 ? ORIGIN_SKEW : RELAY_SKEW;
        if (newer !== null && hop.date - newer > limit) {
          return `hop ${i + 1} of ${hops.length} is stamped ${Math.round((hop.date - newer) / HOUR)} h after the hop that received it`;
        }
        newer = hop.date;
      }
      const literal = hop.helo === null ? undefined : IPV4_LITERAL.exec(hop.helo)?.[1];
      if (literal !== undefined && hop.ip !== null && literal !== hop.ip && isPublicIpv4(literal)) {
        return `hop ${i + 1} greets as ${literal} but connects from ${hop.ip}`;
      }
    }
    return null;
  },
};

function isPublicIpv4(address: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(address) && ipaddr.IPv4.parse(address).range() === 'unicast';
}
