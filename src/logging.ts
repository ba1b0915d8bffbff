import { pino, type Logger } from 'pino';

/** The structured JSON logger (stdout). Secrets never go in; tokens are printed apart, once. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'custodian' }, redact: ['*.password', '*.passwordHash', '*.authorization', '*.token'] });
}
