import type { JournalEnvelope } from '../../../domain/archive-record.js';

/** What a journal report's text part says about the original; the envelope minus its source. */
export type ReportFields = Omit<JournalEnvelope, 'source'>;

/** A parser for one journal report dialect. Must not throw: unreadable lines are skipped. */
export type ReportParser = (text: string) => ReportFields;

/** Fields of a report nothing could be read from. */
export function emptyReportFields(): ReportFields {
  return { sender: null, onBehalfOf: null, reportedMessageId: null, reportedSubject: null, recipients: [] };
}
