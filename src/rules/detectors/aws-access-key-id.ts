import type { Detection, Detector } from './detector.js';
import { maskToken } from './redact.js';

/**
 * `AKIA` (long-term) or `ASIA` (temporary STS) and 16 upper-case letters or digits (newer ids are
 * base32, but AWS's own example `AKIAI44QH8DHBEXAMPLE` has an 8). Fixed width: linear.
 */
const CANDIDATE = /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g;

/** AWS documentation's example keys all end in `EXAMPLE` (`AKIAIOSFODNN7EXAMPLE`). */
const EXAMPLE = /EXAMPLE$/;

/**
 * AWS access key ids. The prefix and alphabet are specific enough that every match is high;
 * documentation examples are flagged as test values.
 */
export const awsAccessKeyId: Detector = {
  id: 'aws-access-key-id',
  description: 'AWS access key id (AKIA/ASIA + 16 upper-case letters or digits)',
  find(text: string): Detection[] {
    if (!text.includes('AKIA') && !text.includes('ASIA')) return [];
    return [...text.matchAll(CANDIDATE)].map((match) => ({
      detector: 'aws-access-key-id',
      confidence: 'high',
      index: match.index,
      redacted: maskToken(match[0]),
      testValue: EXAMPLE.test(match[0]),
    }));
  },
};
