import type { AddressEntry, JournalEvent } from '../../domain/archive-record.js';

/**
 * The address rows a journal event adds: its sender, every recipient under its kind, and the
 * lists and forwarders they came through (as `envelope`, so `participants:` finds them).
 */
export function journalAddresses(event: JournalEvent): AddressEntry[] {
  const { journal } = event;
  const rows: AddressEntry[] = [];
  if (journal.sender) rows.push({ field: 'journal-sender', address: journal.sender.toLowerCase(), name: '' });
  if (journal.onBehalfOf) rows.push({ field: 'on-behalf-of', address: journal.onBehalfOf.toLowerCase(), name: '' });
  for (const r of journal.recipients) {
    rows.push({ field: r.kind, address: r.address.toLowerCase(), name: '' });
    if (r.expandedFrom) rows.push({ field: 'envelope', address: r.expandedFrom.toLowerCase(), name: '' });
    if (r.forwardedFrom) rows.push({ field: 'envelope', address: r.forwardedFrom.toLowerCase(), name: '' });
  }
  return rows;
}

/** "Name address" text of the header addresses in the given roles, for name searches. */
export function namesText(addresses: readonly AddressEntry[], fields: readonly string[]): string {
  return addresses
    .filter((a) => fields.includes(a.field))
    .map((a) => `${a.name} ${a.address}`.trim())
    .join('\n');
}
