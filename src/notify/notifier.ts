import type { Logger } from 'pino';
import type { ArchiveIndex } from '../archive/archive-index.js';
import type { JobHandler } from '../queue/catalogue.js';
import { UnrecoverableJobError } from '../queue/errors.js';
import { noticeJobsFor, type NoticeJob, type NotifiableDocument } from './notice-jobs.js';
import { createNotifyHandler } from './notify-handler.js';
import type { NotifySettings } from './notify-settings.js';
import { createSmtpNoticeTransport } from './smtp-notice-transport.js';

/** Notifications as the composition root sees them: what to enqueue, the handler, shutdown. */
export interface Notifier {
  /** The `notify` jobs to enqueue for a newly archived message (none when notifications are off). */
  jobsFor(document: NotifiableDocument): NoticeJob[];
  handler: JobHandler<'notify'>;
  close(): Promise<void>;
}

export interface NotifierOptions {
  /** The config's `notify` section; undefined turns notices off. */
  settings: Readonly<NotifySettings> | undefined;
  index: ArchiveIndex;
  logger: Logger;
}

/**
 * Builds notifications at start-up; the one place that decides whether they are on. Without a
 * `notify` section it says so once, enqueues nothing, and dead-letters any `notify` job left
 * from an earlier configuration, so those notices wait to be retried rather than vanish.
 */
export function createNotifier(options: NotifierOptions): Notifier {
  const { settings, index, logger } = options;
  if (!settings) {
    logger.info('notifications are off (no notify section): notify actions are recorded on verdicts, no notice is sent');
    return {
      jobsFor: () => [],
      handler: async () => {
        throw new UnrecoverableJobError('notifications are not configured (no notify section)');
      },
      close: async () => undefined,
    };
  }
  // Reads the relay's CA and password files now, so a wrong path stops start-up.
  const transport = createSmtpNoticeTransport(settings.relay);
  logger.info({ relay: `${settings.relay.host}:${settings.relay.port}`, from: settings.from }, 'notifications on');
  return {
    jobsFor: (document) => noticeJobsFor(document, settings.from),
    handler: createNotifyHandler({ index, transport, settings, logger }),
    close: () => transport.close(),
  };
}
