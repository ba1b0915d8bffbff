import type { HeuristicCheck } from './check.js';
import { firstHeader } from './header-values.js';
import { receivedHops } from './received-hops.js';
import { registrableDomain } from './registrable-domain.js';

/** The right-hand side of `<left@right>`. */
const MSG_ID_DOMAIN = /@([^<>@\s]+)>/;
/** In a from-clause, the name the receiving server found for the client's address: `(host.example.com [192.0.2.1])`. */
const CLIENT_NAME = /\(\s*(?:[^\s()@]+@)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)\s*\[/i;

/**
 * The message comes from the organisation its From names, three ways at once: the Message-ID was
 * minted under the From's registrable domain, and a server on the way recorded a client host in
 * that domain too. A company's own mail server and a person's provider line up like this; bulk
 * spam sent from borrowed machines with a made-up From rarely does, because the Received name is
 * written by the receiving server from reverse DNS, not by the sender.
 */
export const senderDomainAligned: HeuristicCheck = {
  id: 'sender-domain-aligned',
  description: 'The From domain is also the Message-ID domain and the name of a sending host in the Received chain',
  test(view) {
    const from = view.addresses.find((a) => a.field === 'from' && a.address.includes('@'));
    const messageId = firstHeader(view, 'message-id');
    if (from === undefined || messageId === null) return null;
    const domain = registrableDomain(from.address);
    const idDomain = MSG_ID_DOMAIN.exec(messageId)?.[1];
    if (idDomain === undefined || registrableDomain(idDomain) !== domain) return null;
    for (const hop of receivedHops(view)) {
      const by = hop.value.search(/\sby\s/i);
      const client = CLIENT_NAME.exec(by < 0 ? hop.value : hop.value.slice(0, by))?.[1];
      if (client !== undefined && registrableDomain(client) === domain) return `From, Message-ID and sending host ${client} are all in ${domain}`;
    }
    return null;
  },
};
