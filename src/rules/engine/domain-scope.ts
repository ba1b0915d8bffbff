/** Decides whether an address is internal: its domain is a configured domain or a subdomain of one. */
export function createDomainScope(internalDomains: readonly string[]): (address: string) => boolean {
  const domains = internalDomains.map((d) => d.toLowerCase().replace(/^@/, ''));
  return (address) => {
    const domain = domainOf(address);
    return domain !== '' && domains.some((d) => inDomain(domain, d));
  };
}

/** The lower-cased domain of an address; '' when it has none. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase().replace(/\.$/, '');
}

/** True when `domain` is `parent` or a subdomain of it. */
export function inDomain(domain: string, parent: string): boolean {
  return domain === parent || domain.endsWith(`.${parent}`);
}
