import type { AddressEntry } from '../domain/archive-record.js';
import type { Classification } from '../domain/classification.js';
import type { JobPayloads } from '../queue/catalogue.js';
import { isNoticeMessageId } from './compose-notice.js';

/** One `notify` job to enqueue. */
export interface NoticeJob {
  id: string;
  payload: JobPayloads['notify'];
}

/** What of an archived message decides its notices. */
export interface NotifiableDocument {
  id: string;
  messageId: string | null;
  addresses: readonly AddressEntry[];
  classification: Classification;
}

/** The job id of the notice about one (message, rule): a re-enqueue while it exists is a no-op. */
export function noticeJobId(archiveId: string, ruleId: string): string {
  return `notify:${archiveId}:${ruleId}`;
}

/**
 * The `notify` jobs an archived message calls for: one per fired rule with a `notify` action,
 * its recipients the union of that rule's `notify` lists. None for a notice of our own that the
 * archive received back (Message-ID and From are those notices from `noticeFrom` have): a rule
 * matching the subject a notice quotes would otherwise notify about its notice, forever.
 */
export function noticeJobsFor(document: NotifiableDocument, noticeFrom: string): NoticeJob[] {
  if (isOwnNotice(document, noticeFrom)) return [];
  const jobs: NoticeJob[] = [];
  for (const hit of document.classification.hits) {
    const notify = hit.actions.filter((a) => a.action === 'notify');
    if (notify.length === 0) continue;
    const to = [...new Set(notify.flatMap((a) => a.to))];
    jobs.push({ id: noticeJobId(document.id, hit.ruleId), payload: { messageId: document.id, ruleId: hit.ruleId, to } });
  }
  return jobs;
}

function isOwnNotice(document: NotifiableDocument, from: string): boolean {
  const sender = from.toLowerCase();
  return (
    document.messageId !== null &&
    isNoticeMessageId(document.messageId, from) &&
    document.addresses.some((a) => a.field === 'from' && a.address === sender)
  );
}
