/**
 * Redaction of detector matches: what a detection keeps as evidence. Each function keeps just
 * enough to recognise the value (a brand prefix, the last four characters) and never the whole.
 */

/** Groups characters in fours: `************1881` → `**** **** **** 1881`. */
function groupFours(value: string): string {
  return value.replace(/(.{4})(?=.)/g, '$1 ');
}

/** A card number with only its last four digits: `**** **** **** 1881` (Amex: `**** **** *** 0005`). */
export function maskCard(digits: string): string {
  return `${groupFours('*'.repeat(Math.max(0, digits.length - 4)))} ${digits.slice(-4)}`;
}

/**
 * Keeps the first `keepPrefix` and last `keep` characters of a compact value and prints the whole
 * in groups of four from the left, as IBANs are printed: `DE** **** **** **** **30 00`.
 */
export function maskGrouped(compact: string, keep = 4, keepPrefix = 0): string {
  const tail = compact.slice(-keep);
  const head = compact.slice(0, keepPrefix);
  return groupFours(head + '*'.repeat(Math.max(0, compact.length - keep - keepPrefix)) + tail);
}

/**
 * Masks every letter and digit except the last `keep` of them, leaving separators and other
 * characters in place: `+1 415-555-2671` → `+* ***-***-2671`.
 */
export function maskAlnum(value: string, keep = 4): string {
  let remaining = keep;
  const out: string[] = [];
  for (let i = value.length - 1; i >= 0; i--) {
    const ch = value[i] ?? '';
    if (/[\p{L}\p{N}]/u.test(ch)) {
      out.push(remaining > 0 ? ch : '*');
      remaining--;
    } else out.push(ch);
  }
  return out.reverse().join('');
}

/** Longest run of `*` a token mask prints, so a long token does not produce a wall of stars. */
const MAX_STARS = 16;

/** Keeps a short prefix (the token's type marker) and the last four characters: `AKIA************MPLE`. */
export function maskToken(value: string, prefix = 4, keep = 4): string {
  if (value.length <= prefix + keep) return '*'.repeat(value.length);
  const hidden = value.length - prefix - keep;
  return value.slice(0, prefix) + '*'.repeat(Math.min(hidden, MAX_STARS)) + value.slice(-keep);
}
