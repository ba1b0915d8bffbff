import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import type { Config } from '../config/schema.js';
import type { SmtpEnvelope } from '../domain/envelope.js';
import type { Spool } from '../spool/spool.js';
import { ClientLimits } from './client-limits.js';
import { verifyPassword } from './password-hash.js';
import { PromptGreetingServer } from './prompt-greeting-server.js';
import { spooledReply } from './spooled-reply.js';
import { readTlsMaterial, type TlsMaterial } from './tls-material.js';

/** An SMTP reply carried by an error, as smtp-server expects. */
function reply(code: number, text: string): Error & { responseCode: number } {
  return Object.assign(new Error(text), { responseCode: code });
}

export interface JournalSink {
  /** The port actually bound (useful with port 0 in tests). */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The journaling SMTP sink. A message is answered `250` only after `spool.accept` has made its
 * bytes, envelope and pipeline job durable; any failure to do so is answered `451` (try again
 * later), so the sending server keeps its copy.
 */
export async function startJournalSink(options: {
  config: Readonly<Config['smtp']>;
  spool: Spool;
  logger: Logger;
  /** Certificate and key for STARTTLS (from `readTlsMaterial`); default: read from `config.tls`. */
  tls?: TlsMaterial | null;
}): Promise<JournalSink> {
  const { config, spool, logger } = options;
  const limits = new ClientLimits(config.allowedClients, config.maxConnectionsPerIp);
  const counted = new Set<string>();
  const tls = options.tls === undefined ? readTlsMaterial(config.tls) : options.tls;
  const disabled = [...(config.tls ? [] : ['STARTTLS']), ...(config.auth ? [] : ['AUTH'])];

  const server = new PromptGreetingServer({
    name: config.banner ?? hostname(),
    banner: 'Custodian journaling sink',
    size: config.maxMessageBytes,
    maxClients: config.maxConnections,
    socketTimeout: config.socketTimeoutMs,
    disableReverseLookup: !config.reverseDns,
    disabledCommands: disabled,
    ...(tls ?? {}),
    authOptional: !(config.auth?.required ?? false),
    // Without TLS configured, AUTH over plain text is the only AUTH possible; offer it only then.
    allowInsecureAuth: !config.tls,
    logger: false,

    onConnect(session, callback) {
      if (!limits.isAllowed(session.remoteAddress)) {
        logger.warn({ client: session.remoteAddress }, 'SMTP client not in allowedClients; refused');
        return callback(reply(554, '5.7.1 Client not allowed to journal here'));
      }
      if (!limits.tryOpen(session.remoteAddress)) {
        return callback(reply(421, '4.7.0 Too many connections from your address, try again later'));
      }
      counted.add(session.id);
      callback();
    },

    onClose(session) {
      if (counted.delete(session.id)) limits.close(session.remoteAddress);
    },

    onAuth(auth, session, callback) {
      const user = config.auth?.users.find((u) => u.username === auth.username);
      const password = auth.password ?? '';
      void (user ? verifyPassword(password, user.passwordHash) : Promise.resolve(false)).then(
        (ok) => (ok ? callback(null, { user: auth.username }) : callback(reply(535, '5.7.8 Authentication credentials invalid'))),
        (error: unknown) => callback(error as Error),
      );
    },

    onMailFrom(_address, session, callback) {
      if (config.requireTls && !session.secure) return callback(reply(530, '5.7.0 Must issue a STARTTLS command first'));
      callback();
    },

    onRcptTo(_address, session, callback) {
      if (session.envelope.rcptTo.length >= config.maxRecipients) {
        return callback(reply(452, '4.5.3 Too many recipients'));
      }
      callback();
    },

    onData(stream, session, callback) {
      receive(stream, session, config.maxMessageBytes).then(
        async (raw) => {
          if (raw === null) return callback(reply(552, '5.3.4 Message exceeds fixed maximum message size'));
          const envelope = envelopeOf(session);
          try {
            const id = await spool.accept(raw, envelope);
            callback(null, spooledReply(id));
          } catch (error) {
            logger.error({ err: error, client: session.remoteAddress }, 'spooling failed; answered 451');
            callback(reply(451, '4.3.0 Temporary storage failure, try again later'));
          }
        },
        (error: unknown) => callback(reply(451, `4.3.0 Receive failed: ${(error as Error).message}`)),
      );
    },
  });

  server.on('error', (error) => logger.warn({ err: error }, 'SMTP connection error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ host: config.host, port, starttls: Boolean(config.tls), auth: Boolean(config.auth) }, 'journaling SMTP sink listening');
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Reads DATA; null when the message went over the size limit (the rest is drained, not kept). */
function receive(stream: SMTPServerDataStream, _session: SMTPServerSession, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    stream.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length <= limit) chunks.push(chunk);
    });
    stream.once('error', reject);
    stream.once('end', () => resolve(stream.sizeExceeded || length > limit ? null : Buffer.concat(chunks, length)));
  });
}

function envelopeOf(session: SMTPServerSession): SmtpEnvelope {
  const mailFrom = session.envelope.mailFrom;
  return {
    mailFrom: mailFrom ? mailFrom.address : '',
    rcptTo: session.envelope.rcptTo.map((r) => r.address),
    clientAddress: session.remoteAddress,
    clientHostname: session.clientHostname,
    helo: session.hostNameAppearsAs,
    transmissionType: session.transmissionType,
    tls: session.tlsOptions ? { protocol: session.tlsOptions.version ?? '', cipher: session.tlsOptions.name } : null,
    authUser: typeof session.user === 'string' ? session.user : null,
    receivedAt: new Date().toISOString(),
  };
}
