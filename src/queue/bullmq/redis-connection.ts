import { readFileSync } from 'node:fs';
import type { RedisOptions } from 'bullmq';
import type { RedisSettings } from '../../config/cluster-schema.js';

/**
 * ioredis options from the `cluster.redis` settings: host, port, database and user from the URL,
 * the password from its file, TLS (with the CA file) for `rediss://`. Files are read here, once,
 * so a missing one stops start-up with its name.
 */
export function redisConnectionOptions(settings: RedisSettings): RedisOptions {
  const url = new URL(settings.url);
  const database = url.pathname.replace(/^\//, '');
  const options: RedisOptions = {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 6379 : Number(url.port),
    ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
    ...(database === '' ? {} : { db: Number(database) }),
    // Reconnect every 0.2–2 s for as long as Redis is away (BullMQ's default grows to 20 s), so
    // the SMTP sink is back to `250` within about two seconds of Redis returning.
    retryStrategy: (attempt: number) => Math.min(200 * attempt, 2_000),
  };
  if (settings.passwordFile !== undefined) options.password = readSecret(settings.passwordFile, 'cluster.redis.passwordFile');
  if (url.protocol === 'rediss:') {
    options.tls = settings.caFile === undefined ? {} : { ca: readSecret(settings.caFile, 'cluster.redis.caFile') };
  }
  return options;
}

function readSecret(file: string, setting: string): string {
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new Error(`${setting}: cannot read ${file} (${(error as Error).message}); fix the path or the file's permissions`, { cause: error });
  }
}
