import RE2 from 're2';
import type { HeuristicCheck } from './check.js';
import { registrableDomain } from './registrable-domain.js';
import { urlHost } from './url-host.js';

/** `<a … href="X" …>TEXT</a>` where TEXT is short and tag-free; RE2 keeps it linear. */
const ANCHOR = new RE2('<a\\s[^>]*?href\\s*=\\s*["\']?([^"\'\\s>]+)[^>]*>([^<]{1,200})</a>', 'gi');
/** Link text that itself looks like a web address. */
const URL_TEXT = /^\s*((?:https?:\/\/)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[/?#]\S*)?\s*$/i;

/**
 * A link whose text shows one web address while its target is in another domain: the phishing
 * trick of showing `www.paypal.com` and linking elsewhere.
 */
export const urlTextHrefMismatch: HeuristicCheck = {
  id: 'url-text-href-mismatch',
  description: 'A link shows one web address as its text and points to another domain',
  test(view) {
    if (view.html === '') return null;
    for (const m of view.html.matchAll(ANCHOR)) {
      const shown = URL_TEXT.exec(m[2] ?? '')?.[1];
      if (shown === undefined) continue;
      const target = urlHost(m[1] ?? '');
      const shownHost = urlHost(/^https?:\/\//i.test(shown) ? shown : `http://${shown}`);
      if (target === null || shownHost === null) continue;
      if (registrableDomain(target) !== registrableDomain(shownHost)) return `link text shows ${shownHost} but points to ${target}`;
    }
    return null;
  },
};
