import validator from 'validator';
import type { Detection, Detector } from './detector.js';
import { addressFacts, IP_EVIDENCE, ipConfidence, precededByNonAddressWord, type AddressFacts } from './ip-address.js';

/**
 * A dotted quad that is not part of a longer dotted run (`1.2.3.4.5` is a version, not an
 * address) nor the tail of an IPv6 address (`::ffff:192.0.2.1`, found by the IPv6 detector). Fixed width: linear.
 */
const CANDIDATE = /(?<![\p{L}\p{N}.]|\d\.|[0-9A-Fa-f:]:)(?:\d{1,3}\.){3}\d{1,3}(?![\p{L}\p{N}]|\.\d)/gu;

/** IPv4 addresses (validator isIP, no leading zeros); version strings and section numbers are skipped. */
export const ipv4: Detector = {
  id: 'ipv4',
  description: 'IPv4 address (validator isIP); high with a network keyword nearby',
  find(text: string): Detection[] {
    const evidence = IP_EVIDENCE.in(text);
    const found: Detection[] = [];
    // Received headers repeat the same few addresses: classify each distinct one once.
    const known = new Map<string, AddressFacts | null>();
    for (const match of text.matchAll(CANDIDATE)) {
      const address = match[0];
      let facts = known.get(address);
      if (facts === undefined) {
        facts = validator.isIP(address, 4) ? addressFacts(address) : null;
        known.set(address, facts);
      }
      if (facts === null || precededByNonAddressWord(text, match.index)) continue;
      found.push({
        detector: 'ipv4',
        confidence: ipConfidence(facts, evidence.near(match.index, match.index + address.length)),
        index: match.index,
        redacted: address.replace(/\d+$/, '***'),
        testValue: facts.documentation,
      });
    }
    return found;
  },
};
