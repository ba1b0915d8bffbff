import type { HeuristicCheck } from './check.js';
import { urlHost } from './url-host.js';

/** Public link shorteners and redirectors whose targets are hidden from the reader. */
const SHORTENERS: ReadonlySet<string> = new Set([
  'bit.ly', 'bitly.com', 'buff.ly', 'cutt.ly', 'goo.gl', 'is.gd', 'ow.ly', 'rb.gy', 'rebrand.ly', 'shorturl.at',
  't.co', 't.ly', 'tiny.cc', 'tinyurl.com', 'v.gd', 'x.co', 'qrco.de', 'snip.ly', 's.id', 'shorte.st',
  'adf.ly', 'bl.ink', 'lnkd.in', 'tr.im', 'u.to', 'clck.ru', 'cli.gs', 'soo.gd', 'short.io', 'urlz.fr',
]);

/** A link through a URL shortener: the real destination is hidden until clicked. */
export const urlShortener: HeuristicCheck = {
  id: 'url-shortener',
  description: 'A URL goes through a public link shortener',
  test(view) {
    for (const url of view.urls) {
      const host = urlHost(url);
      if (host === null) continue;
      const bare = host.startsWith('www.') ? host.slice(4) : host;
      if (SHORTENERS.has(bare)) return `shortened link: ${url.slice(0, 60)}`;
    }
    return null;
  },
};
