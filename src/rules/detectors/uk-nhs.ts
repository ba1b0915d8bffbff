import type { Detection, Detector } from './detector.js';
import { KeywordList } from './proximity.js';

/** Ten digits printed 3-3-4 (space or dash, the same twice) or as one run. Bounded: linear. */
const CANDIDATE = /(?<![\p{L}\p{N}-])(?<!\d[.,])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\p{L}\p{N}]|[.,-]\d)/gu;

const EVIDENCE = new KeywordList([
  'nhs', 'nhs number', 'nhs no', 'national health service', 'health service', 'patient', 'patient number',
  'patient id', 'hospital', 'gp', 'surgery', 'nhs.uk', 'chi number', 'medical record',
]);

/** NHS Digital's mod-11 check: weights 10…2 over the first nine digits; 11 → 0, 10 is never issued. */
export function nhsChecksum(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === Number(digits[9]);
}

/**
 * UK NHS numbers: ten digits with the mod-11 check digit. One ten-digit string in eleven passes
 * the check, so an unformatted run alone is low, the printed 3-3-4 form alone medium, and either
 * with an NHS/patient keyword within 300 characters high. Numbers starting 999 are NHS Digital's
 * reserved test range.
 */
export const ukNhs: Detector = {
  id: 'uk-nhs',
  description: 'UK NHS number (mod-11 check digit); high with an NHS or patient keyword nearby',
  find(text: string): Detection[] {
    const evidence = EVIDENCE.in(text);
    const found: Detection[] = [];
    for (const match of text.matchAll(CANDIDATE)) {
      const [whole, a = '', separator = '', b = '', c = ''] = match;
      const digits = a + b + c;
      if (/^(\d)\1{9}$/.test(digits) || !nhsChecksum(digits)) continue;
      const near = evidence.near(match.index, match.index + whole.length);
      found.push({
        detector: 'uk-nhs',
        confidence: near ? 'high' : separator === '' ? 'low' : 'medium',
        index: match.index,
        redacted: `*** *** ${c}`,
        testValue: digits.startsWith('999'),
      });
    }
    return found;
  },
};
