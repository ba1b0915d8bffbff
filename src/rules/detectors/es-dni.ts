import type { Detection, Detector } from './detector.js';
import { KeywordList } from './proximity.js';

/** DNI `12345678Z` / `12345678-Z` and NIE `X1234567L` (foreigners' number, X/Y/Z standing for 0/1/2). Fixed width: linear. */
const CANDIDATE = /(?<![\p{L}\p{N}])([XYZ]\d{7}|\d{8})[ -]?([A-Z])(?![\p{L}\p{N}])/gu;

/** The control letter is this table indexed by the number modulo 23 (Real Decreto 1553/2005). */
const LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

const EVIDENCE = new KeywordList([
  'dni', 'nif', 'nie', 'documento nacional de identidad', 'documento de identidad', 'identidad', 'número de identificación',
  'numero de identificacion', 'identificación fiscal', 'pasaporte', 'spanish id', 'national id', 'id number',
]);

/** The control letter of a DNI or NIE number. */
export function dniLetter(number: string): string {
  const numeric = number.replace(/^[XYZ]/, (l) => String('XYZ'.indexOf(l)));
  return LETTERS[Number(numeric) % 23] ?? '';
}

/** Placeholder numbers from Spanish forms and the Ministry of the Interior's explanation of the letter. */
const TEST_DNIS: ReadonlySet<string> = new Set(['12345678Z', '00000000T', '99999999R', 'X1234567L']);

/**
 * Spanish DNI and NIE: eight digits (or X/Y/Z and seven) and the mod-23 control letter. Medium
 * alone, high with a DNI/NIE/NIF keyword within 300 characters.
 */
export const esDni: Detector = {
  id: 'es-dni',
  description: 'Spanish DNI/NIE (mod-23 control letter); high with a DNI/NIE keyword nearby',
  find(text: string): Detection[] {
    const evidence = EVIDENCE.in(text);
    const found: Detection[] = [];
    for (const match of text.matchAll(CANDIDATE)) {
      const [whole, number = '', letter = ''] = match;
      if (dniLetter(number) !== letter) continue;
      found.push({
        detector: 'es-dni',
        confidence: evidence.near(match.index, match.index + whole.length) ? 'high' : 'medium',
        index: match.index,
        redacted: `*****${number.slice(-3)}${letter}`,
        testValue: TEST_DNIS.has(number + letter),
      });
    }
    return found;
  },
};
