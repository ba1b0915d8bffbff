import type { HeuristicCheck } from './check.js';
import { firstHeader } from './header-values.js';

/**
 * The whole message is one text/html part. Mail clients that write HTML send it as
 * multipart/alternative with a plain-text twin; bulk mailers often send HTML alone.
 */
export const htmlOnly: HeuristicCheck = {
  id: 'html-only',
  description: 'The message body is HTML with no plain-text alternative',
  test(view) {
    const type = firstHeader(view, 'content-type')?.trim().toLowerCase() ?? '';
    return type.startsWith('text/html') ? 'Content-Type is text/html with no text/plain part' : null;
  },
};
