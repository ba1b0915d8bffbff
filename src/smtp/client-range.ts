import ipaddr from 'ipaddr.js';

export type ClientRange = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** `10.0.0.0/8`, `2001:db8::/32` or a single address; throws on anything else. */
export function parseClientRange(entry: string): ClientRange {
  if (entry.includes('/')) return ipaddr.parseCIDR(entry);
  const address = ipaddr.parse(entry);
  return [address, address.kind() === 'ipv4' ? 32 : 128];
}

/** True when `entry` is an address or CIDR range (the config schema checks with this). */
export function isClientRange(entry: string): boolean {
  try {
    parseClientRange(entry);
    return true;
  } catch {
    return false;
  }
}
