import ipaddr from 'ipaddr.js';

/**
 * Who may connect and how often: an optional allow-list of addresses/CIDR ranges and a cap on
 * simultaneous connections per client address.
 */
export class ClientLimits {
  private readonly ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
  private readonly open = new Map<string, number>();

  constructor(allowed: readonly string[], private readonly maxPerIp: number) {
    this.ranges = allowed.map((entry) => {
      try {
        return entry.includes('/') ? ipaddr.parseCIDR(entry) : ([ipaddr.parse(entry), ipaddr.parse(entry).kind() === 'ipv4' ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number]);
      } catch {
        throw new Error(`smtp.allowedClients: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8)`);
      }
    });
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
