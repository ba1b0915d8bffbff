import validator from 'validator';
import type { Detection, Detector } from './detector.js';
import { addressFacts, IP_EVIDENCE, ipConfidence } from './ip-address.js';

/**
 * Where an IPv6 address must be: at a `::` (compressed zeros) or at three colon-separated groups
 * in a row (an address spelled out in full has seven colons). The pattern starts with a literal
 * colon, so the engine skips straight between colons.
 */
const SEED = /::|:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:/g;

/** The longest textual IPv6 address (eight groups, or six and a dotted IPv4 part). */
const MAX_LENGTH = 45;

const HEX_OR_COLON = (code: number) => (code >= 48 && code <= 58) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
const WORD = (code: number) => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/**
 * IPv6 addresses (validator isIP), including compressed and IPv4-mapped forms. From each seed the
 * candidate grows over hex digits and colons (and dots to the right, for an IPv4 tail) at most
 * 45 characters each way; scanning resumes after it, so each character is looked at a bounded
 * number of times: linear. Words glued on either side (`Foo::Bar`), times and MAC addresses
 * (fewer than eight groups, no `::`) are skipped before validation.
 */
export const ipv6: Detector = {
  id: 'ipv6',
  description: 'IPv6 address (validator isIP); high with a network keyword nearby',
  find(text: string): Detection[] {
    if (!text.includes(':')) return [];
    const evidence = IP_EVIDENCE.in(text);
    const found: Detection[] = [];
    const seed = new RegExp(SEED.source, 'g');
    for (let match = seed.exec(text); match; match = seed.exec(text)) {
      let start = match.index;
      while (start > 0 && match.index - start < MAX_LENGTH && HEX_OR_COLON(text.charCodeAt(start - 1))) start--;
      let end = match.index + 1;
      while (end < text.length && end - match.index < MAX_LENGTH && (HEX_OR_COLON(text.charCodeAt(end)) || text.charCodeAt(end) === 46)) end++;
      seed.lastIndex = Math.max(seed.lastIndex, end);
      // A sentence may end right after the address.
      while (end > start && text.charCodeAt(end - 1) === 46) end--;
      const before = text.charCodeAt(start - 1);
      const after = text.charCodeAt(end);
      if (WORD(before) || before === 46 || WORD(after) || after === 58) continue;
      const address = text.slice(start, end);
      // A digit somewhere (rules out words such as `a::b`) and either `::` or all eight groups.
      if (!/\d/.test(address) || (!address.includes('::') && address.split(':').length < 8)) continue;
      if (!validator.isIP(address, 6)) continue;
      const facts = addressFacts(address);
      found.push({
        detector: 'ipv6',
        confidence: ipConfidence(facts, evidence.near(start, end)),
        index: start,
        redacted: `${address.split(':').slice(0, 2).join(':')}:****`,
        testValue: facts.documentation,
      });
    }
    return found;
  },
};
