import type { Detection, Detector } from './detector.js';

/** A PEM (or PGP armour) private-key header: RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP or bare PKCS#8. Literal with one bounded group: linear. */
const BEGIN = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----/g;

/** Key material after the header: at least this many base64 characters before the footer. */
const MIN_BODY = 40;

/**
 * Private keys in PEM or PGP armour. High when the matching END line follows with key material
 * between; medium for a header alone (a truncated or quoted key). The body never reaches the
 * evidence: `-----BEGIN RSA PRIVATE KEY----- [redacted]`.
 */
export const privateKey: Detector = {
  id: 'private-key',
  description: 'Private key in PEM/PGP armour (RSA, EC, DSA, OPENSSH, ENCRYPTED, PKCS#8)',
  find(text: string): Detection[] {
    if (!text.includes('PRIVATE KEY')) return [];
    const found: Detection[] = [];
    // The next END line after the current header, found once and reused while headers precede it,
    // so many headers without footers cannot make the scan quadratic.
    let nextEnd = -1;
    for (const match of text.matchAll(BEGIN)) {
      const label = match[1] ?? 'PRIVATE KEY';
      const bodyStart = match.index + match[0].length;
      if (nextEnd !== -2 && nextEnd < bodyStart) {
        const at = text.indexOf('-----END ', bodyStart);
        nextEnd = at === -1 ? -2 : at;
      }
      const footer = nextEnd >= 0 && text.startsWith(`-----END ${label}-----`, nextEnd) ? nextEnd : -1;
      const body = footer === -1 ? '' : text.slice(bodyStart, footer);
      const complete = footer !== -1 && body.replace(/[^A-Za-z0-9+/=]/g, '').length >= MIN_BODY;
      found.push({
        detector: 'private-key',
        confidence: complete ? 'high' : 'medium',
        index: match.index,
        redacted: `${match[0]} [redacted]`,
        testValue: false,
      });
    }
    return found;
  },
};
