import nodemailer from 'nodemailer';

/** The spool id the sink names in its `250 2.6.0 Archived as <id>` reply. */
export function spoolIdOf(response: string): string {
  const match = /Archived as (\S+)/.exec(response);
  if (!match?.[1]) throw new Error(`unexpected SMTP reply: ${response}`);
  return match[1];
}

export interface SmtpPool {
  /** Sends raw bytes with an explicit envelope; resolves with the server's final reply. */
  send(raw: Buffer, envelope: { from: string; to: string[] }): Promise<string>;
  close(): void;
}

/**
 * A pool of persistent SMTP connections to 127.0.0.1 (nodemailer), many messages per connection,
 * as a journaling MTA would send. Raw bytes are sent as they are (nodemailer only dot-stuffs).
 */
export function smtpPool(port: number, connections: number): SmtpPool {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: connections,
    maxMessages: Infinity,
  });
  return {
    async send(raw, envelope) {
      const info = await transport.sendMail({ envelope, raw });
      return info.response;
    },
    close: () => transport.close(),
  };
}
