import type { Logger } from 'pino';
import type { ArchiveIndex } from '../archive/archive-index.js';
import type { JobHandler } from '../queue/catalogue.js';
import { UnrecoverableJobError } from '../queue/errors.js';
import { composeNotice } from './compose-notice.js';
import { NoticeRejectedError, type NoticeTransport } from './notice-transport.js';
import type { NotifySettings } from './notify-settings.js';

export interface NotifyHandlerDeps {
  /** Where the message's record, with its classification, is read from. */
  index: ArchiveIndex;
  transport: NoticeTransport;
  /** The notices' From and the default recipients. */
  settings: Readonly<Pick<NotifySettings, 'from' | 'to'>>;
  logger: Logger;
}

/**
 * The `notify` job: reads the archived record, finds the rule's hit on its classification and
 * sends the notice. A relay that is down or answers 4xx makes the job throw, so the queue retries
 * with backoff; a permanent refusal, or a record or hit that is not there, dead-letters it with
 * the reason, where an operator can see it and retry it once the cause is fixed.
 */
export function createNotifyHandler(deps: NotifyHandlerDeps): JobHandler<'notify'> {
  return async (job) => {
    const { messageId, ruleId } = job.payload;
    const stored = await deps.index.get(messageId);
    if (!stored) throw new UnrecoverableJobError(`archived message ${messageId} not found`);
    const hit = stored.document.classification.hits.find((h) => h.ruleId === ruleId);
    if (!hit) throw new UnrecoverableJobError(`rule ${ruleId} has no hit on message ${messageId}`);
    const to = job.payload.to.length > 0 ? job.payload.to : deps.settings.to;
    if (to.length === 0) throw new UnrecoverableJobError(`rule ${ruleId} names no notice recipients and notify.to is empty`);

    const notice = composeNotice({ document: stored.document, hit, from: deps.settings.from, to });
    const delivery = await deps.transport.send(notice).catch((error: unknown) => {
      if (error instanceof NoticeRejectedError) throw new UnrecoverableJobError(error.message, { cause: error });
      throw error;
    });
    // Some recipients took it: sending again would repeat it to them, so the refusals are
    // reported rather than retried.
    if (delivery.rejected.length > 0) {
      deps.logger.warn({ jobId: job.id, ruleId, archiveId: messageId, rejected: delivery.rejected }, 'relay refused some notice recipients');
    }
    deps.logger.info({ jobId: job.id, ruleId, archiveId: messageId, accepted: delivery.accepted }, 'notice sent');
  };
}
