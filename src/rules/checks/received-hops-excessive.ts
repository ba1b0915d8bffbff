import type { HeuristicCheck } from './check.js';
import { headerValues } from './header-values.js';

/** Mail between two organisations takes a handful of hops; lists and forwards a few more. */
const MAX_HOPS = 12;

/** Far more Received fields than delivery needs: forged hops padded in front of the real ones. */
export const receivedHopsExcessive: HeuristicCheck = {
  id: 'received-hops-excessive',
  description: `More than ${MAX_HOPS} Received headers`,
  test(view) {
    const n = headerValues(view, 'received').length;
    return n > MAX_HOPS ? `${n} Received headers` : null;
  },
};
