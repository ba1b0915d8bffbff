import type { SmtpEnvelope } from '../../src/domain/envelope.js';

const DEFAULTS: Omit<SmtpEnvelope, 'receivedAt'> = {
  mailFrom: 'journal@example.com',
  rcptTo: ['archive@archive.example'],
  clientAddress: '127.0.0.1',
  clientHostname: 'localhost',
  helo: 'mx',
  transmissionType: 'ESMTP',
  tls: null,
  authUser: null,
};

/** The SMTP envelope of a test copy received at `receivedAt`: a journaling server on loopback, unless overridden. */
export function testEnvelope(receivedAt: string, overrides: Partial<Omit<SmtpEnvelope, 'receivedAt'>> = {}): SmtpEnvelope {
  return { ...DEFAULTS, ...overrides, receivedAt };
}
