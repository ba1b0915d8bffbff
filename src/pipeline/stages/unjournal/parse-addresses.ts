import addressparser from 'nodemailer/lib/addressparser';

/**
 * Lower-cased addresses in an address-list text such as a header value or a journal report
 * field, parsed with nodemailer's RFC 5322 addressparser so display names, quoting, comments and
 * groups are handled as mail clients handle them. Entries without an address are dropped.
 */
export function parseAddresses(text: string): string[] {
  return addressparser(text, { flatten: true })
    .map((entry) => entry.address.trim().toLowerCase())
    .filter((address) => address !== '');
}
