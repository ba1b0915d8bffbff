import type { JournalEnvelope } from '../../../domain/archive-record.js';
import type { SmtpEnvelope } from '../../../domain/envelope.js';
import { headerValues } from '../../../mime/header-values.js';
import type { MimeHeader } from '../../../mime/mime-structure.js';
import type { ArchiveAddressMatcher } from './archive-address-matcher.js';
import { parseAddresses } from './parse-addresses.js';
import { RecipientList } from './recipient-list.js';

/**
 * Headers MTAs add to record the envelope recipient of a delivered or copied message: Postfix
 * (`X-Original-To`, `Delivered-To`), Exim and qmail-style setups (`X-Envelope-To`), and Google
 * routing / compliance copies (`X-Gm-Original-To`).
 */
const ENVELOPE_HEADERS = ['x-envelope-to', 'x-original-to', 'x-gm-original-to', 'delivered-to'] as const;

/**
 * The envelope of a plain BCC copy (Postfix `always_bcc`/`recipient_bcc_maps`, Exim, Google
 * routing): MAIL FROM is the sender; the recipients are the RCPT TO addresses and the addresses
 * in envelope-recording headers, each mapped through the archive matcher so the archive's own
 * mailbox is dropped and `archive+user=domain@` stands for `user@domain`. All are `envelope`.
 */
export function bccCopyEnvelope(headers: readonly MimeHeader[], envelope: SmtpEnvelope, archive: ArchiveAddressMatcher): JournalEnvelope {
  const recipients = new RecipientList();
  const candidates = [
    ...envelope.rcptTo.map((address) => address.trim().replace(/^<(.*)>$/, '$1')),
    ...ENVELOPE_HEADERS.flatMap((name) => headerValues(headers, name).flatMap(parseAddresses)),
  ];
  for (const candidate of candidates) {
    const address = candidate === '' ? null : archive(candidate);
    if (address) {
      recipients.add({ address, kind: 'envelope' });
    }
  }
  const sender = envelope.mailFrom.trim().replace(/^<(.*)>$/, '$1').toLowerCase();
  return {
    source: 'bcc-copy',
    sender: sender === '' ? null : sender,
    onBehalfOf: null,
    reportedMessageId: null,
    reportedSubject: null,
    recipients: recipients.toArray(),
  };
}
