import canonicalize from 'canonicalize';

/** A JSON value with integers only: its canonical bytes are the same in every language's JCS library. */
export type CanonicalValue = string | number | boolean | null | CanonicalValue[] | { [key: string]: CanonicalValue };

/**
 * RFC 8785 (JSON Canonicalization Scheme) text, through `canonicalize`, the scheme's reference
 * implementation for JavaScript: keys sorted by UTF-16 code units at every level (integer-like
 * keys included), no whitespace, strings and numbers as ECMAScript writes them, `toJSON` honoured
 * (dates become ISO strings), undefined members left out. What the hash chains hash.
 *
 * @throws TypeError when the value has no JSON form (undefined, a BigInt, a lone surrogate).
 */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (error) {
    throw new TypeError(`canonicalJson: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON form');
  return text;
}

/**
 * Canonical UTF-8 bytes of a value whose numbers are all safe integers, so the number-formatting
 * half of JCS never matters and a verifier in any language produces the same bytes (ledger
 * entries, signed tree heads).
 *
 * @throws TypeError for a number that is not a safe integer.
 */
export function canonicalIntegerJson(value: CanonicalValue): Buffer {
  assertIntegers(value);
  return Buffer.from(canonicalJson(value), 'utf8');
}

function assertIntegers(value: CanonicalValue): void {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`canonical JSON takes safe integers only, not ${value}`);
  } else if (Array.isArray(value)) {
    value.forEach(assertIntegers);
  } else if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(assertIntegers);
  }
}
