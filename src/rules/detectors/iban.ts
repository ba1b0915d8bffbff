import { getCountrySpecifications, isValidIBAN } from 'ibantools';
import type { Detection, Detector } from './detector.js';
import { KeywordList } from './proximity.js';
import { maskGrouped } from './redact.js';

/**
 * Country code, check digits, then 11–30 letters or digits with optional single spaces (printed
 * in groups of four or as one run). Bounded quantifiers over disjoint classes: linear.
 */
const CANDIDATE = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![\p{L}\p{N}])/gu;

/** IBAN length per country, from ibantools' copy of the SWIFT IBAN registry. */
const LENGTHS: ReadonlyMap<string, number> = new Map(
  Object.entries(getCountrySpecifications())
    .filter(([, spec]) => (spec.chars ?? 0) > 0)
    .map(([country, spec]) => [country, spec.chars ?? 0]),
);

const EVIDENCE = new KeywordList([
  'iban', 'account', 'account number', 'account no', 'bank', 'bank account', 'bank details', 'bic', 'swift', 'sepa',
  'transfer', 'wire', 'beneficiary', 'payee', 'konto', 'kontonummer', 'bankverbindung', 'überweisung', 'rekening',
  'rekeningnummer', 'compte', 'rib', 'virement', 'cuenta', 'conto', 'bonifico', 'transferencia',
]);

/** Widely copied examples from the SWIFT IBAN registry and bank documentation. */
const TEST_IBANS: ReadonlySet<string> = new Set([
  'DE89370400440532013000', 'GB29NWBK60161331926819', 'GB82WEST12345698765432', 'FR1420041010050500013M02606',
  'NL91ABNA0417164300', 'BE68539007547034', 'ES9121000418450200051332', 'CH9300762011623852957',
  'AT611904300234573201', 'IT60X0542811101000000123456', 'PL61109010140000071219812874',
  'SE4550000000058398257466',
]);

/**
 * The IBAN at the start of a candidate run, cut to its country's registered length. The cut must
 * fall at the end of the run or before a space, so a following word is never taken in.
 */
function ibanAt(raw: string): { compact: string; length: number } | undefined {
  const expected = LENGTHS.get(raw.slice(0, 2));
  if (expected === undefined) return undefined;
  let count = 0;
  let end = 0;
  while (end < raw.length && count < expected) {
    if (raw[end] !== ' ') count++;
    end++;
  }
  if (count < expected || (end < raw.length && raw[end] !== ' ')) return undefined;
  const compact = raw.slice(0, end).replaceAll(' ', '');
  return isValidIBAN(compact) ? { compact, length: end } : undefined;
}

/**
 * IBANs: per-country length and BBAN format and the mod-97 check (ibantools). Medium alone, high
 * with an IBAN/bank-account keyword within 300 characters.
 */
export const iban: Detector = {
  id: 'iban',
  description: 'International bank account number (country length and format, mod-97); high with an account keyword nearby',
  find(text: string): Detection[] {
    const evidence = EVIDENCE.in(text);
    const found: Detection[] = [];
    for (const match of text.matchAll(CANDIDATE)) {
      const hit = ibanAt(match[0]);
      if (!hit) continue;
      found.push({
        detector: 'iban',
        confidence: evidence.near(match.index, match.index + hit.length) ? 'high' : 'medium',
        index: match.index,
        redacted: maskGrouped(hit.compact, 4, 2),
        testValue: TEST_IBANS.has(hit.compact),
      });
    }
    return found;
  },
};
