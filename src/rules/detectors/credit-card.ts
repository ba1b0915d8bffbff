import validator from 'validator';
import { cardBrand } from './card-brands.js';
import type { Detection, Detector } from './detector.js';
import { KeywordList } from './proximity.js';
import { maskCard } from './redact.js';

/**
 * A run of 12–19 digits, optionally split by single spaces or dashes, not glued to letters,
 * digits or decimal points (nor dashed onto a following id: `4111…1111-ab12`). Every quantifier is bounded and a character is either a digit or a
 * separator, so each start position costs at most ~40 steps: linear in the text.
 */
const CANDIDATE = /(?<![\p{L}\p{N}-])(?<!\d[.,])\d(?:[ -]?\d){11,18}(?!\d|-?[\p{L}\p{N}])/gu;

/**
 * Card keywords, CVV/CVC words and, as a pattern, an expiry date such as `12/27` or `12 / 2027`.
 * A bare `cc` is left out: every mail header block has a `Cc:` line.
 */
const EVIDENCE = new KeywordList(
  [
    'card', 'cards', 'credit card', 'debit card', 'card number', 'card no', 'card #', 'cardholder', 'card holder',
    'cc#', 'ccn', 'cc number', 'cc no', 'pan', 'visa', 'mastercard', 'master card', 'amex', 'american express', 'discover',
    'diners', 'diners club', 'jcb', 'unionpay', 'union pay', 'maestro', 'carte bancaire', 'kreditkarte', 'tarjeta',
    'cvv', 'cvv2', 'cvc', 'cvc2', 'cid', 'csc', 'security code', 'exp', 'expiry', 'expires', 'expiration', 'exp date',
    'valid thru', 'valid through', 'good thru',
  ],
  '(?:0[1-9]|1[0-2]) ?/ ?(?:20)?\\d{2}',
);

/**
 * Published test numbers: Visa/Mastercard/Amex/Discover/Diners/JCB/UnionPay/Maestro numbers from
 * the networks' and processors' test-card pages (Stripe, Adyen, Braintree, PayPal, Worldpay).
 */
const TEST_NUMBERS: ReadonlySet<string> = new Set([
  '4111111111111111', '4012888888881881', '4222222222222', '4242424242424242', '4000056655665556',
  '4000000000000002', '4000000000009995', '4111111145551142', '4917610000000000', '4035501000000008',
  '4988438843884305', '4263982640269299', '4005519200000004', '4009348888881881',
  '5555555555554444', '5105105105105100', '5200828282828210', '2223003122003222', '5555341244441115',
  '2222400070000005', '5577000055770004', '5425233430109903', '5204740000001002',
  '378282246310005', '371449635398431', '378734493671000', '370000000000002', '374245455400126',
  '6011111111111117', '6011000990139424', '6011601160116611', '6011000180331112', '6555900000604105',
  '3056930009020004', '36227206271667', '30569309025904', '38520000023237', '36006666333344',
  '3566002020360505', '3530111333300000', '3569990010095841', '3566000020000410',
  '6200000000000005', '6250946000000016', '6243030000000001',
  '6771798021000008', '6759649826438453', '6703444444444449',
]);

/** Group lengths a printed card number may use when it has separators. */
function plausibleGroups(groups: readonly number[]): boolean {
  const key = groups.join('-');
  if (key === '4-6-5' || key === '4-6-4') return true;
  if (groups.length < 3) return false;
  const last = groups[groups.length - 1] ?? 0;
  return groups.slice(0, -1).every((g) => g === 4) && last >= 1 && last <= 4;
}

/** The valid card number at the start of `raw` (the whole run, or a prefix of its groups), if any. */
function validPrefix(raw: string): string | undefined {
  const separator = /[ -]/.exec(raw)?.[0];
  if (separator === undefined) return cardBrand(raw) && validator.isLuhnNumber(raw) ? raw : undefined;
  const groups = raw.split(separator);
  // A mixed separator (`4111 1111-1111 1111`) is not one printed number.
  if (groups.some((g) => !/^\d+$/.test(g))) return undefined;
  // A trailing group may belong to the next token (`4111 1111 1111 1111 2024`): try shorter prefixes.
  for (let n = groups.length; n >= 3; n--) {
    const kept = groups.slice(0, n);
    const digits = kept.join('');
    if (digits.length < 12) break;
    if (plausibleGroups(kept.map((g) => g.length)) && cardBrand(digits) && validator.isLuhnNumber(digits)) return kept.join(separator);
  }
  return undefined;
}

/**
 * Payment card numbers: brand prefix and length, Luhn checksum, consistent separators. High
 * confidence with a card keyword, CVV/CVC word or expiry date within 300 characters; low alone.
 */
export const creditCard: Detector = {
  id: 'credit-card',
  description: 'Payment card number (Luhn, brand prefix and length); high with a card keyword, CVV or expiry nearby',
  find(text: string): Detection[] {
    const evidence = EVIDENCE.in(text);
    const found: Detection[] = [];
    for (const match of text.matchAll(CANDIDATE)) {
      const number = validPrefix(match[0]);
      if (number === undefined) continue;
      const digits = number.replace(/\D/g, '');
      found.push({
        detector: 'credit-card',
        confidence: evidence.near(match.index, match.index + number.length) ? 'high' : 'low',
        index: match.index,
        redacted: maskCard(digits),
        testValue: TEST_NUMBERS.has(digits),
      });
    }
    return found;
  },
};
