import type { HeuristicCheck } from './check.js';
import { headerValues } from './header-values.js';

/**
 * Free-mail providers and the names their own servers stamp in Received headers. Mail really
 * sent through one of them passes one of its servers; a From at the provider with none of them in
 * the chain was written by someone else's software (SpamAssassin's FORGED_HOTMAIL/YAHOO_RCVD).
 */
const PROVIDERS: ReadonlyMap<string, readonly string[]> = new Map([
  ['hotmail.com', ['hotmail.com', 'msn.com', 'outlook.com']],
  ['msn.com', ['hotmail.com', 'msn.com', 'outlook.com']],
  ['outlook.com', ['outlook.com', 'hotmail.com']],
  ['live.com', ['outlook.com', 'hotmail.com', 'live.com']],
  ['yahoo.com', ['yahoo.com', 'yahoo.net', 'yahoodns.net']],
  ['aol.com', ['aol.com']],
  ['gmail.com', ['google.com', 'gmail.com']],
  ['excite.com', ['excite.com']],
  ['lycos.com', ['lycos.com']],
  ['netscape.net', ['netscape.net', 'aol.com']],
  ['juno.com', ['juno.com']],
]);

/** From claims a big free-mail provider, but no Received hop is one of that provider's servers. */
export const forgedFreemailReceived: HeuristicCheck = {
  id: 'forged-freemail-received',
  description: 'From is at a free-mail provider but the message never passed through its servers',
  test(view) {
    const from = view.addresses.find((a) => a.field === 'from' && a.address !== '');
    const domain = from?.address.slice(from.address.lastIndexOf('@') + 1);
    const servers = domain === undefined ? undefined : PROVIDERS.get(domain);
    if (servers === undefined) return null;
    const received = headerValues(view, 'received');
    // Without any Received header (a message handed in locally) there is no chain to contradict.
    if (received.length === 0) return null;
    for (const hop of received) {
      const lower = hop.toLowerCase();
      if (servers.some((server) => lower.includes(server))) return null;
    }
    return `From is at ${domain} but no Received hop names ${servers.join(' or ')}`;
  },
};
