import type { HeuristicCheck } from './check.js';

/** Local parts too short to be a name ("jo" would match too much). */
const MIN_LOCAL_PART = 3;

/**
 * "zzzz, do we have your money?": the subject addresses the reader by the local part of their
 * address. People use names; only a mail-merge that knows nothing but the address does this.
 */
export const subjectGreetsRecipient: HeuristicCheck = {
  id: 'subject-greets-recipient',
  description: 'The subject addresses the recipient by the local part of their address ("jsmith, …")',
  test(view) {
    const subject = view.subject.toLowerCase();
    const recipients = [...view.addresses.filter((a) => a.field === 'to' || a.field === 'cc').map((a) => a.address), ...view.envelope.recipients];
    for (const address of recipients) {
      const local = address.slice(0, address.lastIndexOf('@'));
      if (local.length < MIN_LOCAL_PART || address.lastIndexOf('@') < 0) continue;
      const at = subject.indexOf(`${local},`);
      // Only as a word of its own: at the start or after a space or punctuation.
      if (at >= 0 && (at === 0 || !/[\p{L}\p{N}._-]/u.test(subject.charAt(at - 1)))) return `subject greets "${local}"`;
    }
    return null;
  },
};
