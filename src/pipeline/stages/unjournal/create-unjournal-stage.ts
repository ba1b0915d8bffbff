import { scanMimeParts } from '../../../mime/scan-mime-parts.js';
import { createArchiveAddressMatcher } from './archive-address-matcher.js';
import { createTrustedSourceCheck } from './trusted-source.js';
import { bccCopyEnvelope } from './bcc-copy-envelope.js';
import { detectJournalSource } from './detect-journal-source.js';
import { parseEnvelopeReport } from './parse-envelope-report.js';
import { parseExchange2003Report } from './parse-exchange-2003-report.js';
import type { UnjournalStage, UnjournalStageOptions } from './unjournal-result.js';
import { unwrapJournalReport } from './unwrap-journal-report.js';

/**
 * The unjournal stage: recovers the true envelope (sender, every recipient including Bcc and
 * expanded list members) and the original message(s) from a received copy, whether it came as an
 * Exchange 2007+ envelope journal report, an Exchange 2003 report, or a plain BCC copy.
 *
 * Originals are exact slices of the received bytes wherever the wrapper carried them unencoded,
 * so the archive id (SHA-256 of the original) is the same for every copy of one message.
 * Message content never makes the stage throw; a broken report is archived whole and flagged.
 */
export function createUnjournalStage({ archiveAddresses, journalReportSources }: UnjournalStageOptions): UnjournalStage {
  const archive = createArchiveAddressMatcher(archiveAddresses);
  const trusted = createTrustedSourceCheck(journalReportSources);
  return async (raw, envelope) => {
    // Which format it is, and a BCC copy's whole envelope, come from the top-level header block
    // alone: only a journal report needs its body's parts located.
    const { headers } = await scanMimeParts(raw.subarray(0, headerBlockEnd(raw)));
    const source = detectJournalSource(headers);
    if (source !== 'bcc-copy' && !trusted(envelope)) {
      const reason = `looks like a ${source} journal report but came from ${envelope.clientAddress}, which is not in smtp.journalReportSources and did not authenticate`;
      return { journal: bccCopyEnvelope(headers, envelope, archive), originals: [{ bytes: raw, role: 'primary' }], flags: [{ flag: 'journal-report-untrusted', reason }] };
    }
    switch (source) {
      case 'exchange-envelope':
        return unwrapJournalReport(raw, await scanMimeParts(raw), source, parseEnvelopeReport);
      case 'exchange-2003':
        return unwrapJournalReport(raw, await scanMimeParts(raw), source, parseExchange2003Report);
      case 'bcc-copy':
        return { journal: bccCopyEnvelope(headers, envelope, archive), originals: [{ bytes: raw, role: 'primary' }], flags: [] };
    }
  };
}

/** Offset just past the blank line that ends the top-level header block (CRLF or bare LF); the whole message if none. */
function headerBlockEnd(raw: Buffer): number {
  if (raw[0] === 0x0a) return 1;
  if (raw[0] === 0x0d && raw[1] === 0x0a) return 2;
  for (let i = raw.indexOf(0x0a); i >= 0; i = raw.indexOf(0x0a, i + 1)) {
    const next = raw[i + 1];
    if (next === 0x0a) return i + 2;
    if (next === 0x0d && raw[i + 2] === 0x0a) return i + 3;
  }
  return raw.length;
}
