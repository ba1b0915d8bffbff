/**
 * The host of a URL, lower-cased, as a browser would resolve it (WHATWG parsing turns
 * `http://3512041827/` and `http://0xd1.0x55.0x3.0x63/` into dotted IPv4), or null when the
 * string is not a URL with a host.
 */
export function urlHost(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const host = new URL(url).hostname;
  return host === '' ? null : host.toLowerCase();
}
