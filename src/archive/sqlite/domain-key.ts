/**
 * The index key of an address's domain: labels reversed, trailing dot. `a@mail.example.com` →
 * `com.example.mail.`. Every subdomain of a domain shares its key as a prefix, so "this domain or
 * any subdomain" is an index range scan (see `domainKeyRange`) instead of a `LIKE '%.x'` scan.
 */
export function domainKeyOf(addressOrDomain: string): string {
  const at = addressOrDomain.lastIndexOf('@');
  const domain = (at < 0 ? addressOrDomain : addressOrDomain.slice(at + 1)).toLowerCase();
  if (!domain) return '';
  return `${domain.split('.').reverse().join('.')}.`;
}

/** `[low, high)` of the keys of `domain` and all its subdomains ('/' sorts right after '.'). */
export function domainKeyRange(domain: string): [string, string] {
  const low = domainKeyOf(domain);
  return [low, `${low.slice(0, -1)}/`];
}
