import nodemailer, { type SendMailOptions } from 'nodemailer';
import { spoolIdFromReply } from '../../src/smtp/spooled-reply.js';

/**
 * What an SMTP receiver gets for `bytes`: SMTP carries lines ending in CRLF, so bare CR and LF
 * become CRLF, and the data always ends with a line break. This is the byte-exact form the
 * archive must keep.
 */
export function wireForm(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1').replace(/\r\n|\r|\n/g, '\r\n');
  return Buffer.from(text.endsWith('\r\n') ? text : `${text}\r\n`, 'latin1');
}

/** Strips the mbox `From ` separator line that corpus files start with. */
export function stripMboxFrom(bytes: Buffer): Buffer {
  if (bytes.subarray(0, 5).toString('latin1') !== 'From ') return bytes;
  const eol = bytes.indexOf(0x0a);
  return eol < 0 ? Buffer.alloc(0) : bytes.subarray(eol + 1);
}

export interface SmtpTarget {
  host?: string;
  port: number;
}

/** An SMTP client for tests: real SMTP conversations through nodemailer's transport. */
export function smtpClient(target: SmtpTarget, options: { pool?: boolean; maxConnections?: number } = {}) {
  const transport = nodemailer.createTransport({
    host: target.host ?? '127.0.0.1',
    port: target.port,
    secure: false,
    ignoreTLS: true,
    pool: options.pool ?? false,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: Infinity,
  });
  return {
    /** Sends raw bytes with an explicit envelope; resolves with the server's final reply. */
    async send(raw: Buffer, envelope: { from: string; to: string[] }): Promise<string> {
      const info = await transport.sendMail({ envelope, raw });
      return info.response;
    },
    /** Composes a message with nodemailer (headers, MIME, attachments) and sends it; resolves with the final reply. */
    async sendMail(mail: Pick<SendMailOptions, 'from' | 'to' | 'cc' | 'subject' | 'text' | 'html' | 'attachments' | 'headers'>): Promise<string> {
      const info = await transport.sendMail(mail);
      return info.response;
    },
    close: () => transport.close(),
  };
}

/** The spool id the sink names in its `250` reply; throws on any other reply. */
export function spoolIdOf(response: string): string {
  const id = spoolIdFromReply(response);
  if (!id) throw new Error(`unexpected SMTP reply: ${response}`);
  return id;
}
