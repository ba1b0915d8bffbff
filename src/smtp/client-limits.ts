import ipaddr from 'ipaddr.js';
import { parseClientRange, type ClientRange } from './client-range.js';

/**
 * Who may connect and how often: an optional allow-list of addresses/CIDR ranges and a cap on
 * simultaneous connections per client address.
 */
export class ClientLimits {
  private readonly ranges: ClientRange[];
  private readonly open = new Map<string, number>();

  /** `allowed` entries are validated by the config schema. */
  constructor(allowed: readonly string[], private readonly maxPerIp: number) {
    this.ranges = allowed.map(parseClientRange);
  }

  isAllowed(address: string): boolean {
    if (this.ranges.length === 0) return true;
    let parsed: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      parsed = ipaddr.process(address);
    } catch {
      return false;
    }
    return this.ranges.some(([range, bits]) => parsed.kind() === range.kind() && parsed.match(range, bits));
  }

  /** Counts a new connection; false when the client already has the most allowed. */
  tryOpen(address: string): boolean {
    const count = this.open.get(address) ?? 0;
    if (count >= this.maxPerIp) return false;
    this.open.set(address, count + 1);
    return true;
  }

  close(address: string): void {
    const count = (this.open.get(address) ?? 1) - 1;
    if (count <= 0) this.open.delete(address);
    else this.open.set(address, count);
  }
}
