import type { HeuristicCheck } from './check.js';
import { firstHeader } from './header-values.js';

/**
 * Mass-mailing programs that name themselves in X-Mailer / User-Agent. Legitimate newsletter
 * services identify with List-Unsubscribe and their own headers; these are desktop spam tools.
 */
const TOOLS = /\b(?:easy dm|dm free|quicksender|atlas mailer|mass ?mail(?:er)?|group ?mail|bulk ?mail(?:er)?|dynamic mailer|express mailer|emailer platinum|worldmerge|stealth|send-?safe|advanced mass sender|aureate|mailking|massive mailer|super ?mailer|gammadyne|desktop server)\b/i;
/** Outlook Express / Outlook with a ` DM` suffix is how "direct mail" builds of spam kits label themselves. */
const DM_BUILD = /\bMicrosoft Outlook(?: Express)?\b.*\bDM\b/;
/** A single random-looking token (no spaces, no digits or dots, mixed case): generated to dodge filters. */
const RANDOM_TOKEN = /^(?=[A-Za-z]{10,}$)(?=.*[a-z])(?=.*[A-Z])[A-Za-z]+$/;

/** The mail program the message names is a bulk-mailing tool, or a random string. */
export const xMailerBulkTools: HeuristicCheck = {
  id: 'x-mailer-bulk-tools',
  description: 'X-Mailer or User-Agent names a bulk-mailing tool or is a random string',
  test(view) {
    for (const name of ['x-mailer', 'user-agent']) {
      const value = firstHeader(view, name)?.trim();
      if (value === undefined) continue;
      const tool = TOOLS.exec(value) ?? DM_BUILD.exec(value);
      if (tool !== null) return `${name}: ${value.slice(0, 60)}`;
      if (RANDOM_TOKEN.test(value) && !/^[A-Z][a-z]+(?:[A-Z][a-z]+)*$/.test(value)) return `${name} is a random token: ${value.slice(0, 60)}`;
    }
    return null;
  },
};
