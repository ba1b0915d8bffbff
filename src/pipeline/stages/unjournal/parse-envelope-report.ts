import type { JournalRecipient } from '../../../domain/archive-record.js';
import { normaliseMessageId } from '../../../domain/message-id.js';
import { parseAddresses } from './parse-addresses.js';
import { RecipientList } from './recipient-list.js';
import { emptyReportFields } from './report-fields.js';
import type { ReportFields } from './report-fields.js';

const RECIPIENT_KINDS: Readonly<Record<string, JournalRecipient['kind']>> = {
  to: 'to',
  cc: 'cc',
  bcc: 'bcc',
  recipient: 'envelope',
};

/**
 * Reads the envelope part of an Exchange 2007+ / Exchange Online journal report ([MS-XJRNL]
 * 2.1): one `Field: value` per line. `Recipient:` lines are the basic form Exchange writes when it
 * cannot verify To/Cc/Bcc addressing, so they become `envelope` recipients. A recipient may carry
 * `, Expanded: <list>` and/or `, Forwarded: <original>`. Field names are matched
 * case-insensitively and fields this archive has no use for (`Label`, `Mailbox`, `SentUtc`, …)
 * are skipped; the first Sender/On-Behalf-Of/Subject/Message-ID line wins.
 */
export function parseEnvelopeReport(text: string): ReportFields {
  const fields = emptyReportFields();
  const recipients = new RecipientList();
  let seenSubject = false;
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z][A-Za-z-]*)\s*:[ \t]?(.*)$/.exec(line);
    if (!match) {
      continue;
    }
    const name = (match[1] ?? '').toLowerCase();
    const value = (match[2] ?? '').trimEnd();
    const kind = RECIPIENT_KINDS[name];
    if (kind) {
      const recipient = parseRecipient(value, kind);
      if (recipient) {
        recipients.add(recipient);
      }
    } else if (name === 'sender') {
      fields.sender ??= firstAddress(value);
    } else if (name === 'on-behalf-of') {
      fields.onBehalfOf ??= firstAddress(value);
    } else if (name === 'subject' && !seenSubject) {
      seenSubject = true;
      fields.reportedSubject = value.trim();
    } else if (name === 'message-id') {
      fields.reportedMessageId ??= normaliseMessageId(value);
    }
  }
  fields.recipients = recipients.toArray();
  return fields;
}

/** `addr[, Expanded: list][, Forwarded: original]`, the redirections in either order. */
function parseRecipient(value: string, kind: JournalRecipient['kind']): JournalRecipient | null {
  const [head = '', ...redirections] = value.split(/,\s*(?=(?:expanded|forwarded)\s*:)/i);
  const address = firstAddress(head);
  if (!address) {
    return null;
  }
  const recipient: JournalRecipient = { address, kind };
  for (const redirection of redirections) {
    const match = /^(expanded|forwarded)\s*:\s*(.*)$/is.exec(redirection);
    const source = match ? firstAddress(match[2] ?? '') : null;
    if (match && source) {
      if ((match[1] ?? '').toLowerCase() === 'expanded') {
        recipient.expandedFrom = source;
      } else {
        recipient.forwardedFrom = source;
      }
    }
  }
  return recipient;
}

function firstAddress(value: string): string | null {
  return parseAddresses(value)[0] ?? null;
}
