import validator from 'validator';
import type { Detection, Detector } from './detector.js';

/** Lookup tables (by char code) for an unquoted local part (RFC 5322 atext plus dots) and a domain. */
function table(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (const c of chars) t[c.charCodeAt(0)] = 1;
  return t;
}
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOCAL_CHAR = table(`${ALNUM}.!#$%&'*+/=?^_\`{|}~-`);
const DOMAIN_CHAR = table(`${ALNUM}.-`);
const isIn = (t: Uint8Array, code: number) => code < 128 && t[code] === 1;
/** A domain worth validating ends in a dot and a letters-only TLD of two or more letters. */
const PLAUSIBLE_DOMAIN = /\.[A-Za-z]{2,63}$/;
const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;

/**
 * validator's isEmail costs microseconds and mail repeats the same addresses (headers, quoted
 * replies, lists), so verdicts are remembered across calls, up to this many distinct candidates
 * (then the memo starts afresh, keeping memory bounded).
 */
const MEMO_LIMIT = 20_000;
const memo = new Map<string, boolean>();

/** Whether a candidate is an address, by validator's isEmail (memoised). */
function isAddress(candidate: string): boolean {
  let valid = memo.get(candidate);
  if (valid === undefined) {
    valid = PLAUSIBLE_DOMAIN.test(candidate) && validator.isEmail(candidate, { allow_utf8_local_part: false });
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(candidate, valid);
  }
  return valid;
}

/** How far back a URL's `//` may be for the `@` to belong to its userinfo. */
const MAX_USERINFO = 256;

/** `https://user:token@host/`: the part before `@` is URL userinfo (often a secret), not an address. */
function inUrlUserinfo(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - MAX_USERINFO), at);
  const slashes = before.lastIndexOf('//');
  return slashes !== -1 && !/[\s<>"'()]/.test(before.slice(slashes));
}

/** RFC 2606/6761 names reserved for documentation and testing. */
const TEST_DOMAIN = /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$/i;

/**
 * Email addresses. Candidates grow outwards from each `@` by at most 64 characters left and 253
 * right, so the scan is linear however the text is built; validator's isEmail confirms each one.
 * Addresses are everywhere in mail, so a valid one is medium, never high; reserved documentation
 * domains (example.com, .test …) are flagged as test values.
 */
export const emailAddress: Detector = {
  id: 'email-address',
  description: 'Email address (validator isEmail)',
  find(text: string): Detection[] {
    const found: Detection[] = [];
    let at = text.indexOf('@');
    let resumeAt = 0;
    while (at !== -1) {
      let start = at;
      while (start > resumeAt && at - start < MAX_LOCAL && isIn(LOCAL_CHAR, text.charCodeAt(start - 1))) start--;
      let end = at + 1;
      while (end < text.length && end - at <= MAX_DOMAIN && isIn(DOMAIN_CHAR, text.charCodeAt(end))) end++;
      // Sentence punctuation and hyphens at the edges are not part of the address.
      while (start < at && /[.'`{|}~-]/.test(text[start] ?? '')) start++;
      while (end > at + 1 && /[.-]/.test(text[end - 1] ?? '')) end--;
      const candidate = text.slice(start, end);
      if (start < at && isAddress(candidate) && !inUrlUserinfo(text, at)) {
        const domain = candidate.slice(at - start + 1);
        found.push({
          detector: 'email-address',
          confidence: 'medium',
          index: start,
          redacted: `${candidate[0] ?? ''}***@${domain}`,
          testValue: TEST_DOMAIN.test(domain),
        });
        resumeAt = end;
      }
      at = text.indexOf('@', Math.max(at + 1, resumeAt));
    }
    return found;
  },
};
