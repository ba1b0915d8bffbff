import { pino, type Logger } from 'pino';

/** Field paths never written to the log, at the top level or one level down. */
const REDACTED = ['password', 'passwordHash', 'token', 'authorization', 'req.headers.authorization']
  .flatMap((path) => (path.includes('.') ? [path] : [path, `*.${path}`]));

/** The structured JSON logger (stdout). Secrets never go in; tokens are printed apart, once. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'custodian' }, redact: { paths: REDACTED, censor: '[redacted]' } });
}
