/**
 * The probability that a chi-square variable with `degrees` (even) degrees of freedom exceeds
 * `x2`: the series SpamBayes and SpamAssassin use for Fisher's method, exact for even degrees.
 * Terms that underflow to zero give 0, the right limit there (the tail is then far below 1e-300).
 */
export function chi2Q(x2: number, degrees: number): number {
  if (degrees % 2 !== 0 || degrees <= 0) throw new RangeError(`chi2Q needs a positive even number of degrees, not ${degrees}`);
  const m = x2 / 2;
  let term = Math.exp(-m);
  let sum = term;
  for (let i = 1; i < degrees / 2; i++) {
    term *= m / i;
    sum += term;
  }
  return Math.min(sum, 1);
}
