import type { RelaySettings } from '../notify/notify-settings.js';
import { createRelayTransport } from '../notify/relay-transport.js';

/** A report mailed to its recipients, the files attached from disk. */
export interface ReportMail {
  to: string[];
  subject: string;
  text: string;
  attachments: Array<{ filename: string; path: string; contentType: string }>;
}

/** Where scheduled reports are mailed through. `send` resolves once the relay accepted the message. */
export interface ReportMailer {
  send(mail: ReportMail): Promise<void>;
  close(): Promise<void>;
}

/**
 * Mails reports through the `notify` relay (the transport rule notices use) from `notify.from`.
 * Attachments are streamed from their files, so a large report is never held in memory whole.
 */
export function createSmtpReportMailer(settings: { relay: Readonly<RelaySettings>; from: string }): ReportMailer {
  const transport = createRelayTransport(settings.relay);
  return {
    async send(mail) {
      await transport.sendMail({
        from: settings.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        attachments: mail.attachments,
        // RFC 3834: an automatic message; vacation responders must not answer it.
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    },
    async close() {
      transport.close();
    },
  };
}
