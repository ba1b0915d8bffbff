import type { JournalRecipient } from '../../../domain/archive-record.js';
import { parseAddresses } from './parse-addresses.js';
import { normaliseMessageId } from '../../../domain/message-id.js';
import { RecipientList } from './recipient-list.js';
import { emptyReportFields } from './report-fields.js';
import type { ReportFields } from './report-fields.js';

const ADDRESS_FIELDS: Readonly<Record<string, JournalRecipient['kind']>> = {
  recipients: 'envelope',
  to: 'to',
  cc: 'cc',
  bcc: 'bcc',
};

/**
 * Reads the body of an Exchange 2000/2003 envelope journal report. Addresses are written with
 * their Exchange address type, `"Name" <SMTP:addr>` or `SMTP:addr`; the `SMTP:` prefix is dropped
 * before parsing because an RFC 5322 parser would read `SMTP:` as a group name. `Recipients:`
 * (and the optional `To:`/`Cc:`/`Bcc:`) may list addresses on the same line, comma separated, and
 * on the following lines, one per line, indented or starting with `"`, `<` or `SMTP:`; a blank
 * line or another field ends the block.
 */
export function parseExchange2003Report(text: string): ReportFields {
  const fields = emptyReportFields();
  const recipients = new RecipientList();
  let block: JournalRecipient['kind'] | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      block = null;
      continue;
    }
    if (block && isContinuation(line)) {
      addAll(recipients, line, block);
      continue;
    }
    block = null;
    const match = /^([A-Za-z][A-Za-z-]*)\s*:[ \t]?(.*)$/.exec(line);
    if (!match) {
      continue;
    }
    const name = (match[1] ?? '').toLowerCase();
    const value = match[2] ?? '';
    const kind = ADDRESS_FIELDS[name];
    if (kind) {
      block = kind;
      addAll(recipients, value, kind);
    } else if (name === 'sender') {
      fields.sender ??= exchangeAddresses(value)[0] ?? null;
    } else if (name === 'subject') {
      fields.reportedSubject ??= value.trim();
    } else if (name === 'message-id') {
      fields.reportedMessageId ??= normaliseMessageId(value);
    }
  }
  fields.recipients = recipients.toArray();
  return fields;
}

function isContinuation(line: string): boolean {
  return /^[ \t]/.test(line) || /^["<]/.test(line) || /^smtp:/i.test(line);
}

function addAll(recipients: RecipientList, text: string, kind: JournalRecipient['kind']): void {
  for (const address of exchangeAddresses(text)) {
    recipients.add({ address, kind });
  }
}

/** Addresses in Exchange notation with the `SMTP:` address-type prefixes removed. */
function exchangeAddresses(text: string): string[] {
  return parseAddresses(text.replace(/(^|[\s<,])smtp:/gi, '$1'));
}
