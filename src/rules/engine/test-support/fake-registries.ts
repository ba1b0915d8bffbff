import type { Confidence } from '../../../domain/classification.js';
import type { HeuristicCheck } from '../../checks/check.js';
import { gtube } from '../../checks/gtube.js';
import type { Detection, Detector } from '../../detectors/detector.js';

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * A small stand-in for the real card detector, so engine tests do not depend on its tuning:
 * 16 digits in groups of four that pass Luhn; `high` with "exp" or "cvv" in the text; the Visa
 * test number marked as a test value. Counts its calls, to prove results are shared.
 */
export function fakeCardDetector(): Detector & { calls: number } {
  const detector = {
    id: 'credit-card',
    description: 'fake card numbers',
    calls: 0,
    find(text: string): Detection[] {
      detector.calls++;
      const confidence: Confidence = /\b(exp|cvv)\b/i.test(text) ? 'high' : 'low';
      return [...text.matchAll(/\b\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}\b/g)].flatMap((m) => {
        const digits = m[0].replace(/\D/g, '');
        if (!luhn(digits)) return [];
        return [{ detector: 'credit-card', confidence, index: m.index, redacted: `**** **** **** ${digits.slice(-4)}`, testValue: digits === '4111111111111111' }];
      });
    },
  };
  return detector;
}

/** A detector that always fails, to prove an engine error is never a clean result. */
export const brokenDetector: Detector = {
  id: 'broken',
  description: 'throws',
  find() {
    throw new Error('detector crashed');
  },
};

/** Registries for tests: the fake card detector, the broken detector and the real GTUBE check. */
export function fakeRegistries(): { detectors: Map<string, Detector>; checks: Map<string, HeuristicCheck>; card: ReturnType<typeof fakeCardDetector> } {
  const card = fakeCardDetector();
  return { detectors: new Map<string, Detector>([[card.id, card], [brokenDetector.id, brokenDetector]]), checks: new Map([[gtube.id, gtube]]), card };
}
