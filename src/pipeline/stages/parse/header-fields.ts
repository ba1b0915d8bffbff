import type { AddressObject, EmailAddress, HeaderLines, Headers } from 'mailparser';
import type { AddressEntry, AddressField } from '../../../domain/archive-record.js';

/** The header roles the original itself declares; envelope and journal roles come from elsewhere. */
const ADDRESS_HEADERS: readonly AddressField[] = ['from', 'sender', 'reply-to', 'to', 'cc', 'bcc'];

/**
 * Address entries for every header role, groups flattened into their members (a group name is not
 * an address anyone received mail at), addresses lower-cased so searches and joins match.
 */
export function collectAddresses(headers: Headers): AddressEntry[] {
  const entries: AddressEntry[] = [];
  for (const field of ADDRESS_HEADERS) {
    const value = headers.get(field);
    if (value === undefined) continue;
    for (const object of Array.isArray(value) ? value : [value]) {
      if (isAddressObject(object)) flatten(object.value, field, entries);
    }
  }
  return entries;
}

function flatten(list: readonly EmailAddress[], field: AddressField, into: AddressEntry[]): void {
  for (const item of list) {
    if (item.group) {
      flatten(item.group, field, into);
    } else {
      into.push({ field, address: (item.address ?? '').trim().toLowerCase(), name: item.name ?? '' });
    }
  }
}

function isAddressObject(value: unknown): value is AddressObject {
  return typeof value === 'object' && value !== null && Array.isArray((value as { value?: unknown }).value);
}

/**
 * The Date header as ISO-8601, or null. Read from the raw header line because mailparser
 * substitutes the current time for an unparseable date, which would put a wrong, plausible-looking
 * sent time on a compliance record.
 */
export function sentAtFromHeaderLines(lines: HeaderLines): string | null {
  const line = lines.find((entry) => entry.key === 'date');
  if (!line) return null;
  const colon = line.line.indexOf(':');
  const value = line.line.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
  if (value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
