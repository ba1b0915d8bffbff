import type { JournalRecipient } from '../../../domain/archive-record.js';

/**
 * An insertion-ordered recipient list deduplicated by (address, kind): a report that names the
 * same recipient twice in one role (bifurcated or repeated lines) yields one entry, the first.
 */
export class RecipientList {
  private readonly byKey = new Map<string, JournalRecipient>();

  add(recipient: JournalRecipient): void {
    const key = `${recipient.kind}\u0000${recipient.address}`;
    if (recipient.address !== '' && !this.byKey.has(key)) {
      this.byKey.set(key, recipient);
    }
  }

  toArray(): JournalRecipient[] {
    return [...this.byKey.values()];
  }
}
