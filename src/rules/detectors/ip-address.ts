import ipaddr from 'ipaddr.js';
import type { Confidence } from '../../domain/classification.js';
import { KeywordList } from './proximity.js';

/** Words that say a nearby address is a network address (shared by the IPv4 and IPv6 detectors). */
export const IP_EVIDENCE = new KeywordList([
  'ip', 'ip address', 'ips', 'ipv4', 'ipv6', 'host', 'hostname', 'server', 'client', 'source', 'src', 'dst', 'gateway',
  'firewall', 'vpn', 'login from', 'logged in from', 'remote addr', 'x-forwarded-for', 'address',
]);

/**
 * A version, build or section word in front of a dotted quad (`version 1.2.3.4`, `build
 * 10.0.19041.1`, `section 4.5.3.1`) means it is not an address.
 */
const NOT_AN_ADDRESS_BEFORE = /(?<![A-Za-z])(?:version|ver\.?|build|release|rev\.?|firmware|v|section|sect\.?|sec\.?|§|chapter|clause|paragraph|para\.?|figure|fig\.?|table|step|item|oid)\s{0,2}$/i;

/** True when the few characters before `index` name a version or section rather than an address. */
export function precededByNonAddressWord(text: string, index: number): boolean {
  return NOT_AN_ADDRESS_BEFORE.test(text.slice(Math.max(0, index - 14), index));
}

/** Documentation ranges: RFC 5737 (IPv4) and RFC 3849 (IPv6). */
const DOCUMENTATION = [
  ipaddr.parseCIDR('192.0.2.0/24'),
  ipaddr.parseCIDR('198.51.100.0/24'),
  ipaddr.parseCIDR('203.0.113.0/24'),
  ipaddr.parseCIDR('2001:db8::/32'),
];

/** What the IP detectors need to know about one address. */
export interface AddressFacts {
  /** In a range reserved for documentation. */
  documentation: boolean;
  /** A public unicast address (not private, loopback, link-local, reserved …). */
  public: boolean;
}

/** Parses an address (already validated) once and classifies it. */
export function addressFacts(address: string): AddressFacts {
  const parsed = ipaddr.parse(address.replace(/%.*$/, ''));
  return {
    documentation: DOCUMENTATION.some(([network, bits]) => parsed.kind() === network.kind() && parsed.match(network, bits)),
    public: parsed.range() === 'unicast',
  };
}

/**
 * Confidence for an address: high with a network keyword within 300 characters; otherwise medium
 * for a public (unicast) address and low for private, loopback, link-local and reserved ones,
 * which identify no one outside the network.
 */
export function ipConfidence(facts: AddressFacts, keywordNear: boolean): Confidence {
  if (keywordNear) return 'high';
  return facts.public ? 'medium' : 'low';
}
