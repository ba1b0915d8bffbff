import type { HeuristicCheck } from './check.js';
import { firstHeader } from './header-values.js';

/** RFC 5322 msg-id, loosely: `<left@right>`, no spaces or nested brackets (an optional comment may follow). */
const MSG_ID = /^<[^<>@\s]+@[^<>@\s]+>\s*(?:\([^()]*\))?$/;

/**
 * A Message-ID that isn't `<left@right>`: every mail client and server generates a well-formed
 * one, so a bare token, missing brackets or spaces inside point to a hand-rolled bulk sender.
 */
export const messageIdMalformed: HeuristicCheck = {
  id: 'message-id-malformed',
  description: 'The Message-ID header is not of the form <left@right>',
  test(view) {
    const id = firstHeader(view, 'message-id');
    if (id === null) return null;
    return MSG_ID.test(id.trim()) ? null : `malformed Message-ID: ${id.slice(0, 60)}`;
  },
};
