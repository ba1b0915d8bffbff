/**
 * A Message-ID as a journal report writes it, without angle brackets, so it compares equal to
 * the id the parse stage reads from the original's own header. Null when empty.
 */
export function messageId(value: string): string | null {
  const id = value.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
  return id === '' ? null : id;
}
