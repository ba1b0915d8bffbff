import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { NoticeRejectedError, type NoticeDelivery, type NoticeTransport } from './notice-transport.js';
import type { RelaySettings } from './notify-settings.js';

/**
 * nodemailer waits 2 minutes to connect and 10 on an idle socket by default; a notice job that
 * hangs that long holds a worker slot, so a silent relay fails sooner and the queue retries.
 */
const CONNECTION_TIMEOUT_MS = 30_000;
const SOCKET_TIMEOUT_MS = 60_000;

/** What nodemailer attaches to the errors it raises (see its `NodemailerError`). */
interface SmtpError extends Error {
  /** From the reply class: true for 5xx (but 503), false for 4xx; unset without an SMTP reply. */
  permanent?: boolean;
  response?: string;
}

/**
 * Sends notices through the configured SMTP relay with nodemailer, one connection per notice
 * (notices are rare, and a fresh connection never inherits a broken session). The relay's
 * certificate is always verified: against `caFile` when given, else the system's CAs. Files are
 * read here, before anything starts, so a wrong path stops start-up naming the option.
 */
export function createSmtpNoticeTransport(relay: Readonly<RelaySettings>): NoticeTransport {
  const transport = nodemailer.createTransport({
    host: relay.host,
    port: relay.port,
    secure: relay.secure,
    requireTLS: relay.requireTls,
    auth: relay.auth ? { user: relay.auth.user, pass: readPassword(relay.auth.passwordFile) } : undefined,
    tls: relay.caFile ? { ca: readSetting('notify.relay.caFile', relay.caFile) } : undefined,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: CONNECTION_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });
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

function readPassword(file: string): string {
  // Only the line break an editor adds is dropped: a password may begin or end with spaces.
  return readSetting('notify.relay.auth.passwordFile', file).toString('utf8').replace(/\r?\n$/u, '');
}

function readSetting(option: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new Error(`${option}: cannot read ${file} (${(error as Error).message}); fix the path or remove the option`, { cause: error });
  }
}
