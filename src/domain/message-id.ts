/**
 * A Message-ID as the archive keeps it: without angle brackets, lower-cased, so the id a journal
 * report names and the id in the original's own header compare equal. Null when empty.
 */
export function normaliseMessageId(raw: string | undefined): string | null {
  if (!raw) return null;
  const id = raw.trim().replace(/^<+/, '').replace(/>+$/, '').trim().toLowerCase();
  return id === '' ? null : id;
}
