import type { Detection, Detector } from './detector.js';
import { KeywordList } from './proximity.js';

/** `123-45-6789`, `123 45 6789` or `123456789`; the same separator twice (backreference to a one-character group: bounded, linear). */
const CANDIDATE = /(?<![\p{L}\p{N}-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\p{L}\p{N}]|-\d)/gu;

const EVIDENCE = new KeywordList([
  'ssn', 'ssns', 'ssn#', 'ss#', 'ss #', 'ss no', 'ss number', 'soc sec', 'social sec', 'social security',
  'social security number', 'social security no', 'social security #', 'social security card', 'ssa number',
]);

/**
 * Numbers that pass the rules but are known not to be anyone's: the Woolworth wallet-card number
 * (078-05-1120) and SSA's advertising number (219-09-9999), both documented by SSA, and the
 * sequence every form uses as a placeholder.
 */
const TEST_SSNS: ReadonlySet<string> = new Set(['078051120', '219099999', '123456789']);

/** SSA's structural rules: area not 000, 666 or 900–999; group not 00; serial not 0000. */
function plausibleSsn(area: string, group: string, serial: string): boolean {
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

/**
 * US Social Security numbers. A keyword (SSN, social security …) within 300 characters is
 * required: nine digits alone are far more often order or account numbers than SSNs, and since
 * the 2011 randomisation the digits carry no check to tell them apart, so without a keyword
 * nothing is reported. High with the printed 3-2-4 form, medium for a bare run of nine digits.
 */
export const usSsn: Detector = {
  id: 'us-ssn',
  description: 'US Social Security number (area/group/serial rules); requires an SSN keyword nearby',
  find(text: string): Detection[] {
    const evidence = EVIDENCE.in(text);
    const found: Detection[] = [];
    for (const match of text.matchAll(CANDIDATE)) {
      const [whole, area = '', separator = '', group = '', serial = ''] = match;
      if (!plausibleSsn(area, group, serial)) continue;
      if (!evidence.near(match.index, match.index + whole.length)) continue;
      found.push({
        detector: 'us-ssn',
        confidence: separator === '' ? 'medium' : 'high',
        index: match.index,
        redacted: `***-**-${serial}`,
        testValue: TEST_SSNS.has(area + group + serial),
      });
    }
    return found;
  },
};
