import { NoticeRejectedError, type NoticeDelivery, type NoticeTransport } from './notice-transport.js';
import type { RelaySettings } from './notify-settings.js';
import { createRelayTransport, type SmtpError } from './relay-transport.js';

/**
 * Sends notices through the configured SMTP relay with nodemailer, one connection per notice
 * (notices are rare, and a fresh connection never inherits a broken session). The transport
 * (timeouts, TLS verification, credentials) is `createRelayTransport`'s.
 */
export function createSmtpNoticeTransport(relay: Readonly<RelaySettings>): NoticeTransport {
  const transport = createRelayTransport(relay);
  return {
    async send(notice): Promise<NoticeDelivery> {
      try {
        const info = await transport.sendMail({
          from: notice.from,
          to: notice.to,
          subject: notice.subject,
          text: notice.text,
          messageId: `<${notice.messageId}>`,
          headers: notice.headers,
        });
        return { accepted: info.accepted.map(String), rejected: info.rejected.map(String) };
      } catch (error) {
        // nodemailer classifies the reply per RFC 5321; a refused sender or every recipient
        // refused for good is permanent, a 4xx among the refusals makes the whole reply transient.
        const smtpError = error as SmtpError;
        if (smtpError.permanent === true) throw new NoticeRejectedError(smtpError.response ?? smtpError.message, { cause: error });
        throw error;
      }
    },
    async close() {
      transport.close();
    },
  };
}
