import type { Detection, Detector } from './detector.js';
import { KeywordList } from './proximity.js';
import { maskAlnum } from './redact.js';

/** Nine digits as one run or printed `1234.56.782` / `1234 56 782`. Fixed width: linear. */
const CANDIDATE = /(?<![\p{L}\p{N}-])(?<!\d[.,])(\d{4})([ .]?)(\d{2})\2(\d{3})(?![\p{L}\p{N}]|[.,-]\d)/gu;

const EVIDENCE = new KeywordList([
  'bsn', 'burgerservicenummer', 'burger service nummer', 'sofinummer', 'sofi nummer', 'sofi', 'persoonsnummer',
  'citizen service number', 'persoonsgebonden nummer', 'identiteitsbewijs', 'paspoort', 'rijbewijs',
]);

/** The "elfproef": 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11). */
export function elfproef(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  sum -= Number(digits[8]);
  return sum % 11 === 0;
}

/** Numbers the Dutch government uses in its own documentation and test environments. */
const TEST_BSNS: ReadonlySet<string> = new Set(['123456782', '111222333', '999999990']);

/**
 * Dutch citizen service numbers (BSN): nine digits passing the 11-proof. One nine-digit string in
 * eleven passes, so alone a match is low; with a BSN keyword within 300 characters high.
 */
export const nlBsn: Detector = {
  id: 'nl-bsn',
  description: 'Dutch citizen service number BSN (11-proof); high with a BSN keyword nearby',
  find(text: string): Detection[] {
    const evidence = EVIDENCE.in(text);
    const found: Detection[] = [];
    for (const match of text.matchAll(CANDIDATE)) {
      const [whole, a = '', , b = '', c = ''] = match;
      const digits = a + b + c;
      if (/^0{9}$/.test(digits) || !elfproef(digits)) continue;
      found.push({
        detector: 'nl-bsn',
        confidence: evidence.near(match.index, match.index + whole.length) ? 'high' : 'low',
        index: match.index,
        redacted: maskAlnum(whole, 3),
        testValue: TEST_BSNS.has(digits),
      });
    }
    return found;
  },
};
