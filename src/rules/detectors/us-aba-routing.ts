import type { Detection, Detector } from './detector.js';
import { KeywordList } from './proximity.js';
import { maskAlnum } from './redact.js';

/** Nine digits, as one run or printed `0210-0002-1`. Bounded: linear. */
const CANDIDATE = /(?<![\p{L}\p{N}-])(?<!\d[.,])(?:\d{9}|\d{4}-\d{4}-\d)(?![\p{L}\p{N}]|[.,-]\d)/gu;

const EVIDENCE = new KeywordList([
  'routing', 'routing number', 'routing no', 'routing #', 'aba', 'aba number', 'aba routing', 'abartn', 'rtn',
  'transit number', 'routing transit', 'bank routing', 'fedwire', 'ach routing', 'wire routing',
]);

/**
 * Federal Reserve routing symbols: 01–12 (banks), 21–32 (thrifts), 61–72 (electronic), 80 (travellers
 * cheques). 00 (US Government) is left out because it admits `000000000`.
 */
function validPrefix(digits: string): boolean {
  const p = Number(digits.slice(0, 2));
  return (p >= 1 && p <= 12) || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p === 80;
}

/** The ABA checksum: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10). */
export function abaChecksum(digits: string): boolean {
  const d = [...digits].map(Number);
  const sum = (i: number) => (d[i] ?? 0) + (d[i + 3] ?? 0) + (d[i + 6] ?? 0);
  return (3 * sum(0) + 7 * sum(1) + sum(2)) % 10 === 0;
}

/** Stripe's documented test routing number. */
const TEST_ROUTING: ReadonlySet<string> = new Set(['110000000']);

/**
 * US ABA routing transit numbers: valid Federal Reserve prefix and the 3-7-1 checksum. One nine-
 * digit string in ten passes the checksum, so alone a match is low; with a routing/bank keyword
 * within 300 characters it is high.
 */
export const usAbaRouting: Detector = {
  id: 'us-aba-routing',
  description: 'US ABA routing number (Federal Reserve prefix, 3-7-1 checksum); high with a routing keyword nearby',
  find(text: string): Detection[] {
    const evidence = EVIDENCE.in(text);
    const found: Detection[] = [];
    for (const match of text.matchAll(CANDIDATE)) {
      const digits = match[0].replaceAll('-', '');
      if (!validPrefix(digits) || !abaChecksum(digits)) continue;
      found.push({
        detector: 'us-aba-routing',
        confidence: evidence.near(match.index, match.index + match[0].length) ? 'high' : 'low',
        index: match.index,
        redacted: maskAlnum(match[0], 4),
        testValue: TEST_ROUTING.has(digits),
      });
    }
    return found;
  },
};
