/**
 * Decides what an address means to the archive: one of its own mailboxes (not a recipient), a
 * plus-addressed form of one that encodes the real recipient (Postfix `recipient_bcc_maps` set
 * to `archive+${user}=${domain}@host`), or an ordinary recipient.
 *
 * Returns the lower-cased recipient address the input stands for, or null when it is purely
 * the archive's own mailbox. Comparison is case-insensitive throughout.
 */
export type ArchiveAddressMatcher = (address: string) => string | null;

/** Builds an {@link ArchiveAddressMatcher} for the archive's mailbox addresses. */
export function createArchiveAddressMatcher(archiveAddresses: readonly string[]): ArchiveAddressMatcher {
  const own = new Set(archiveAddresses.map((address) => address.trim().toLowerCase()).filter((address) => address !== ''));
  return (input) => {
    const address = input.trim().toLowerCase();
    if (own.has(address)) {
      return null;
    }
    const at = address.lastIndexOf('@');
    const plus = address.indexOf('+');
    if (at < 0 || plus < 0 || plus > at) {
      return address;
    }
    const base = `${address.slice(0, plus)}${address.slice(at)}`;
    if (!own.has(base)) {
      return address;
    }
    const tag = address.slice(plus + 1, at);
    const equals = tag.lastIndexOf('=');
    if (equals <= 0 || equals === tag.length - 1) {
      // a tag that encodes no address (e.g. `archive+eu@`) is still the archive's own mailbox
      return null;
    }
    return `${tag.slice(0, equals)}@${tag.slice(equals + 1)}`;
  };
}
