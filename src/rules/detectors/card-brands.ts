/** A payment card brand: the issuer identification number ranges it owns and the lengths it issues. */
export interface CardBrand {
  name: string;
  /** Inclusive prefix ranges, compared on the first `from.length` digits. */
  ranges: readonly (readonly [from: string, to: string])[];
  lengths: readonly number[];
}

const range = (from: string, to = from) => [from, to] as const;

/**
 * Brand IIN ranges and lengths, after the networks' published tables (Visa, Mastercard incl. the
 * 2221–2720 series, Amex, Discover incl. its 622126–622925 co-brand, Diners Club, JCB, UnionPay,
 * Maestro). Order matters: the first brand whose range and length fit names the card, so the
 * narrow ranges (Discover's 622126–622925, Maestro's 67xx) come before the broad ones (UnionPay 62).
 */
export const CARD_BRANDS: readonly CardBrand[] = [
  { name: 'visa', ranges: [range('4')], lengths: [13, 16, 19] },
  { name: 'mastercard', ranges: [range('51', '55'), range('2221', '2720')], lengths: [16] },
  { name: 'amex', ranges: [range('34'), range('37')], lengths: [15] },
  { name: 'discover', ranges: [range('6011'), range('644', '649'), range('65'), range('622126', '622925')], lengths: [16, 17, 18, 19] },
  { name: 'diners', ranges: [range('300', '305'), range('3095'), range('36'), range('38', '39')], lengths: [14, 15, 16, 17, 18, 19] },
  { name: 'jcb', ranges: [range('3528', '3589')], lengths: [16, 17, 18, 19] },
  {
    name: 'maestro',
    ranges: [range('5018'), range('5020'), range('5038'), range('5893'), range('6304'), range('6759'), range('6761', '6763'), range('6703'), range('6771')],
    lengths: [12, 13, 14, 15, 16, 17, 18, 19],
  },
  { name: 'unionpay', ranges: [range('62'), range('81')], lengths: [16, 17, 18, 19] },
];

/** The brand a digit string belongs to by prefix and length, or undefined. */
export function cardBrand(digits: string): CardBrand | undefined {
  return CARD_BRANDS.find(
    (brand) =>
      brand.lengths.includes(digits.length) &&
      brand.ranges.some(([from, to]) => {
        const head = digits.slice(0, from.length);
        return head >= from && head <= to;
      }),
  );
}
