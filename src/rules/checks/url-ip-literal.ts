import { isIP } from 'node:net';
import type { HeuristicCheck } from './check.js';
import { urlHost } from './url-host.js';

/**
 * A link to a bare IP address (in any notation a browser accepts): legitimate senders link to
 * names they own; spam and phishing link to compromised or short-lived hosts by address.
 */
export const urlIpLiteral: HeuristicCheck = {
  id: 'url-ip-literal',
  description: 'A URL points to a numeric IP address instead of a host name',
  test(view) {
    for (const url of view.urls) {
      const host = urlHost(url);
      if (host === null) continue;
      const bare = host.startsWith('[') ? host.slice(1, -1) : host;
      if (isIP(bare) !== 0) return `link to ${host}: ${url.slice(0, 60)}`;
    }
    return null;
  },
};
