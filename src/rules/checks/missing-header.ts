import type { HeuristicCheck } from './check.js';

/**
 * A check that fires when none of `names` is present: RFC 5322 requires Date and From, and every
 * real mail client adds Message-ID and To; bulk tools that hand-craft messages often skip them.
 */
function missingHeader(id: string, names: readonly string[], description: string): HeuristicCheck {
  const wanted = new Set(names);
  return {
    id,
    description,
    test(view) {
      for (const h of view.headers) if (wanted.has(h.name) && h.value.trim() !== '') return null;
      return `no ${names.map((n) => `${n}:`).join(' / ')} header`;
    },
  };
}

export const missingDate = missingHeader('missing-date', ['date'], 'The message has no Date header');
export const missingMessageId = missingHeader('missing-message-id', ['message-id'], 'The message has no Message-ID header');
export const missingFrom = missingHeader('missing-from', ['from'], 'The message has no From header');
/** Cc or Bcc instead of To is normal for some clients; only a message addressed to nobody fires. */
export const missingTo = missingHeader('missing-to', ['to', 'cc', 'bcc'], 'The message has no To, Cc or Bcc header');
