import type { HeuristicCheck } from './check.js';
import { firstHeader } from './header-values.js';

/**
 * A Message-ID a relay made up because the client sent none: sendmail's `<YYYYMMDDhhmm.qidNNNNN@host>`
 * form (a date and a queue id).
 */
const RELAY_ID = /^<\d{12}\.[A-Za-z]{2,3}\d{4,6}@/;

/**
 * The message claims Outlook as its mail program but lacks Outlook's own Message-ID: Outlook and
 * Outlook Express always write one, so a missing one or a relay's stand-in means a bulk tool
 * borrowed Outlook's name (SpamAssassin's FORGED_MUA_OUTLOOK).
 */
export const forgedOutlookMua: HeuristicCheck = {
  id: 'forged-outlook-mua',
  description: 'X-Mailer claims Microsoft Outlook but the Message-ID was not made by Outlook',
  test(view) {
    const mailer = firstHeader(view, 'x-mailer');
    if (mailer === null || !/\bMicrosoft Outlook\b/i.test(mailer)) return null;
    const id = firstHeader(view, 'message-id')?.trim();
    if (id === undefined || id === '') return 'Outlook X-Mailer with no Message-ID';
    return RELAY_ID.test(id) ? `Outlook X-Mailer with a relay-made Message-ID ${id.slice(0, 50)}` : null;
  },
};
