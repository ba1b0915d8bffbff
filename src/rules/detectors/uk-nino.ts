import type { Detection, Detector } from './detector.js';
import { KeywordList } from './proximity.js';

/**
 * Two prefix letters (first not D F I Q U V, second not D F I O Q U V), six digits printed as one
 * run or in pairs, suffix A–D. Fixed-width with optional single spaces: linear.
 */
const CANDIDATE = /(?<![\p{L}\p{N}])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![\p{L}\p{N}])/gu;

/** Prefixes HMRC never allocates (NIM39110). */
const DISALLOWED = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);

const EVIDENCE = new KeywordList([
  'national insurance', 'national insurance number', 'national insurance no', 'ni number', 'ni no', 'nino',
  'nins', 'insurance number', 'nat ins', 'hmrc', 'paye', 'p45', 'p60',
]);

/** The number used as an example on GOV.UK forms and guidance. */
const TEST_NINOS: ReadonlySet<string> = new Set(['AB123456C']);

/**
 * UK National Insurance numbers by HMRC's allocation rules. Medium alone (the letter rules make a
 * random match unlikely), high with a National Insurance keyword within 300 characters.
 */
export const ukNino: Detector = {
  id: 'uk-nino',
  description: 'UK National Insurance number (HMRC prefix and suffix rules); high with a NI keyword nearby',
  find(text: string): Detection[] {
    const evidence = EVIDENCE.in(text);
    const found: Detection[] = [];
    for (const match of text.matchAll(CANDIDATE)) {
      const [whole, prefix = '', a = '', b = '', c = '', suffix = ''] = match;
      if (DISALLOWED.has(prefix)) continue;
      found.push({
        detector: 'uk-nino',
        confidence: evidence.near(match.index, match.index + whole.length) ? 'high' : 'medium',
        index: match.index,
        redacted: `** ** ** ${c} ${suffix}`,
        testValue: TEST_NINOS.has(prefix + a + b + c + suffix),
      });
    }
    return found;
  },
};
