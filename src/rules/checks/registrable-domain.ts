import { getDomain } from 'tldts';

/**
 * The registrable domain (public suffix + 1, `mail.example.co.uk` → `example.co.uk`) of an
 * address or host name, lower-cased; the host itself when the suffix list doesn't know it.
 */
export function registrableDomain(addressOrHost: string): string {
  const host = addressOrHost.slice(addressOrHost.lastIndexOf('@') + 1).toLowerCase().replace(/\.$/, '');
  return getDomain(host, { allowPrivateDomains: false }) ?? host;
}
