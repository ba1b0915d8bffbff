import { readFileSync } from 'node:fs';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { RelaySettings } from './notify-settings.js';

/**
 * nodemailer waits 2 minutes to connect and 10 on an idle socket by default; a job that hangs
 * that long holds a worker slot, so a silent relay fails sooner and the queue retries.
 */
const CONNECTION_TIMEOUT_MS = 30_000;
const SOCKET_TIMEOUT_MS = 60_000;

/**
 * A nodemailer transport to the configured SMTP relay (the `notify.relay` section), shared by
 * rule notices and mailed reports. The relay's certificate is always verified: against `caFile`
 * when given, else the system's CAs. Files are read here, before anything starts, so a wrong path
 * stops start-up naming the option.
 */
export function createRelayTransport(relay: Readonly<RelaySettings>): Transporter<SMTPTransport.SentMessageInfo, SMTPTransport.Options> {
  return nodemailer.createTransport({
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
}

/** What nodemailer attaches to the errors it raises (see its `NodemailerError`). */
export interface SmtpError extends Error {
  /** From the reply class: true for 5xx (but 503), false for 4xx; unset without an SMTP reply. */
  permanent?: boolean;
  response?: string;
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
