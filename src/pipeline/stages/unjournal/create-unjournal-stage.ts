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
    const structure = await scanMimeParts(raw);
    const source = detectJournalSource(structure.headers);
    if (source !== 'bcc-copy' && !trusted(envelope)) {
      const reason = `looks like a ${source} journal report but came from ${envelope.clientAddress}, which is not in smtp.journalReportSources and did not authenticate`;
      return { journal: bccCopyEnvelope(structure.headers, envelope, archive), originals: [{ bytes: raw, role: 'primary' }], flags: [{ flag: 'journal-report-untrusted', reason }] };
    }
    switch (source) {
      case 'exchange-envelope':
        return unwrapJournalReport(raw, structure, source, parseEnvelopeReport);
      case 'exchange-2003':
        return unwrapJournalReport(raw, structure, source, parseExchange2003Report);
      case 'bcc-copy':
        return { journal: bccCopyEnvelope(structure.headers, envelope, archive), originals: [{ bytes: raw, role: 'primary' }], flags: [] };
    }
  };
}
