import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import type { Detection, Detector } from './detector.js';
import { KeywordList } from './proximity.js';
import { maskAlnum } from './redact.js';

/**
 * Phone-shaped tokens: an optional `+`/`00` and `(area)`, then digit groups joined by single
 * separators. A separator is required between groups, so digits can be split into groups in one
 * way only and a failing start position costs at most a few dozen steps: linear.
 */
const CANDIDATE = /(?<![\p{L}\p{N}+./-])(?:\+|00)?(?:\(\d{1,4}\)[ .-]?)?\d{1,12}(?:(?: |\. ?|-)(?:\(\d{1,4}\) ?)?\d{1,12}){0,6}(?![\p{L}\p{N}]|[./-]\d)/gu;

/** Digits an E.164 number may have (national part plus country code). */
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;

/**
 * libphonenumber costs ~50 µs a call, so a text can ask it about at most this many distinct
 * candidates plus one per 100 characters: about 0.1 s for 100 KB of nothing but phone-shaped
 * numbers. Candidates beyond the budget are not reported (so no content can stall a worker); the
 * budget is far above what prose or a normal contact list needs.
 */
const BASE_BUDGET = 1_000;
const CHARS_PER_EXTRA_CALL = 100;

/**
 * Two or more single-digit groups after the first (`1 2 3 4 5 6 7`) make a count or a list, not
 * a phone number; one is fine (`+33 1 99 00 12 34`).
 */
const SINGLE_DIGIT_GROUPS = /[ .-]\d(?!\d).*[ .-]\d(?!\d)/;

/**
 * Shapes that are not worth asking libphonenumber about: dotted quads (IPv4 addresses, versions), decimals and other numbers with fewer than three
 * dot-separated groups, and bare runs of digits of a length no national number has (a national
 * number written without separators has 8–11 digits: 7 digits lack an area code, 12 and more are
 * ids and timestamps).
 */
const NOT_A_PHONE = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\d+\.\d+|\d{1,7}|\d{12,})$/;

/** A date at the start of a candidate, possibly followed by a time (`2024-05-17 10`, `17.05.2024 14`). */
const DATE_FIRST = /^(?:\d{4}[-.](?:0?[1-9]|1[0-2])[-.](?:0?[1-9]|[12]\d|3[01])|(?:0?[1-9]|[12]\d|3[01])[-.](?:0?[1-9]|1[0-2])[-.](?:\d{4}|\d{2}))(?!\d)/;

const EVIDENCE = new KeywordList([
  'phone', 'telephone', 'tel', 'tel.', 'mobile', 'mob', 'cell', 'cellphone', 'call', 'fax', 'whatsapp', 'sms', 'text me',
  'contact', 'direct line', 'landline', 'ph', 'telefon', 'téléphone', 'teléfono', 'handy', 'portable', 'móvil',
]);

/** North American 555-0100 … 555-0199 numbers are reserved for fiction (NANPA). */
const FICTIONAL_NANP = /^\+1\d{3}55501\d{2}$/;

/** Options for the phone-number detector. */
export interface PhoneNumberOptions {
  /** Country whose national format numbers without a `+` prefix are read in. Default `US`. */
  defaultCountry?: CountryCode;
}

/**
 * Phone numbers that libphonenumber (full metadata) judges valid for their country. High with a
 * phone keyword within 300 characters; medium for numbers in international format (`+44 …`);
 * low for a national number alone, which may as well be an order or account number.
 */
export function createPhoneNumberDetector(options: PhoneNumberOptions = {}): Detector {
  const defaultCountry = options.defaultCountry ?? 'US';
  return {
    id: 'phone-number',
    description: `Phone number valid for its country (libphonenumber; national numbers read as ${defaultCountry})`,
    find(text: string): Detection[] {
      const evidence = EVIDENCE.in(text);
      const found: Detection[] = [];
      // libphonenumber costs tens of microseconds a call: ask once per distinct candidate.
      const verdicts = new Map<string, PhoneNumber | undefined>();
      const budget = BASE_BUDGET + Math.floor(text.length / CHARS_PER_EXTRA_CALL);
      for (const match of text.matchAll(CANDIDATE)) {
        const printed = match[0];
        if (printed.length < MIN_DIGITS) continue;
        const digits = printed.replace(/\D/g, '').length;
        if (digits < MIN_DIGITS || digits > MAX_DIGITS || NOT_A_PHONE.test(printed) || DATE_FIRST.test(printed) || SINGLE_DIGIT_GROUPS.test(printed)) continue;
        let number = verdicts.get(printed);
        if (!verdicts.has(printed)) {
          if (verdicts.size >= budget) continue;
          const parsed = parsePhoneNumberFromString(printed.replace(/^00/, '+'), { defaultCountry, extract: false });
          number = parsed?.isValid() ? parsed : undefined;
          verdicts.set(printed, number);
        }
        if (!number) continue;
        const end = match.index + printed.length;
        found.push({
          detector: 'phone-number',
          confidence: evidence.near(match.index, end) ? 'high' : /^(?:\+|00)/.test(printed) ? 'medium' : 'low',
          index: match.index,
          redacted: maskAlnum(printed, 4),
          testValue: FICTIONAL_NANP.test(number.number),
        });
      }
      return found;
    },
  };
}
