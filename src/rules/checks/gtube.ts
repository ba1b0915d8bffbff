import type { HeuristicCheck } from './check.js';

/**
 * The Generic Test for Unsolicited Bulk Email: a fixed string every spam filter must flag, so an
 * administrator can test the whole path end to end. Searched as a plain substring (linear).
 */
export const GTUBE_STRING = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';

export const gtube: HeuristicCheck = {
  id: 'gtube',
  description: 'The GTUBE anti-spam test string is in the subject or body',
  test(view) {
    if (view.subject.includes(GTUBE_STRING)) return 'GTUBE test string in the subject';
    if (view.text.includes(GTUBE_STRING)) return 'GTUBE test string in the body';
    if (view.html.includes(GTUBE_STRING)) return 'GTUBE test string in the HTML body';
    return null;
  },
};
