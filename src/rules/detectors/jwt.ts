import type { Detection, Detector } from './detector.js';
import { maskToken } from './redact.js';

/**
 * Three base64url segments separated by dots, the first starting `eyJ` (`{"` encoded). Each
 * segment is one greedy run of a single character class with no alternative ways to match, and
 * a match never starts inside such a run: linear.
 */
const CANDIDATE = /(?<![A-Za-z0-9_\-.])eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;

/** The JSON object a base64url segment encodes, or undefined. */
function decodeJson(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The signature of the example token on jwt.io, copied into countless tutorials. */
const JWT_IO_EXAMPLE_SIGNATURE = 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

/**
 * JSON Web Tokens (JWS compact form): the header must decode to JSON with an `alg`. High when the
 * payload decodes to JSON and a signature is present; medium for unsigned (`alg: none`) or
 * undecodable payloads (possibly encrypted or truncated).
 */
export const jwt: Detector = {
  id: 'jwt',
  description: 'JSON Web Token (base64url header that decodes to JSON with "alg")',
  find(text: string): Detection[] {
    if (!text.includes('eyJ')) return [];
    const found: Detection[] = [];
    for (const match of text.matchAll(CANDIDATE)) {
      const [header = '', payload = '', signature = ''] = match[0].split('.');
      const decoded = decodeJson(header);
      if (!decoded || typeof decoded.alg !== 'string') continue;
      const signed = signature.length >= 16 && decoded.alg.toLowerCase() !== 'none';
      found.push({
        detector: 'jwt',
        confidence: signed && decodeJson(payload) ? 'high' : 'medium',
        index: match.index,
        redacted: maskToken(match[0], 6),
        testValue: signature === JWT_IO_EXAMPLE_SIGNATURE,
      });
    }
    return found;
  },
};
