import type { JournalSource } from '../../../domain/archive-record.js';
import { headerValues } from '../../../mime/header-values.js';
import type { MimeHeader } from '../../../mime/mime-structure.js';

/**
 * Which journaling format wrapped a received message, from its top-level headers only:
 * Exchange 2007+ marks envelope reports with `X-MS-Journal-Report` (often with an empty value);
 * Exchange 2000/2003 with `Content-Identifier: ExJournalReport`, which Exchange itself writes
 * misspelt as `Content-Identifer`. Anything else is a plain BCC copy of the original.
 */
export function detectJournalSource(headers: readonly MimeHeader[]): JournalSource {
  if (headers.some((header) => header.key === 'x-ms-journal-report')) {
    return 'exchange-envelope';
  }
  const identifiers = [...headerValues(headers, 'content-identifier'), ...headerValues(headers, 'content-identifer')];
  if (identifiers.some((value) => value.trim().toLowerCase() === 'exjournalreport')) {
    return 'exchange-2003';
  }
  return 'bcc-copy';
}
