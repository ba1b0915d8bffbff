import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { ReloadOutcome, RulesDeps } from '../../api/routes/rules-deps.js';
import type { ActiveRules } from '../../rules/active-rules.js';

/**
 * Carries a rules reload to every process of the deployment. `POST /rules/reload` reaches one API
 * process; the rule set is loaded in every worker and API process, on any host. When a reload
 * succeeds here, this process publishes on `<prefix>:rules-reload` (Redis pub/sub); every other
 * process loads its rule files again. Each process loads from its own disk: a set with problems is
 * refused there and logged, and the set in force stays (the same rule as SIGHUP).
 */
export async function startRulesReloadChannel(options: {
  connection: RedisOptions;
  prefix: string;
  rules: ActiveRules;
  logger: Logger;
}): Promise<{ announce(): Promise<void>; close(): Promise<void> }> {
  const channel = `${options.prefix}:rules-reload`;
  const self = randomUUID();
  const subscriber = new Redis({ ...options.connection, lazyConnect: true });
  const publisher = new Redis({ ...options.connection, lazyConnect: true });
  subscriber.on('error', (err) => options.logger.warn({ err }, 'rules reload channel: Redis connection error'));
  publisher.on('error', (err) => options.logger.warn({ err }, 'rules reload channel: Redis connection error'));
  subscriber.on('message', (_channel: string, origin: string) => {
    if (origin === self) return;
    options.rules.reload().then(
      (result) => {
        if (result.ok) options.logger.info({ version: result.version, changed: result.changed, origin }, 'rules reloaded (announced by another process)');
        else options.logger.warn({ problems: result.error.problems, origin }, 'announced rules reload refused here; the set in force stays');
      },
      (error: unknown) => options.logger.error({ err: error }, 'announced rules reload failed'),
    );
  });
  await Promise.all([subscriber.connect(), publisher.connect()]);
  await subscriber.subscribe(channel);
  return {
    async announce() {
      await publisher.publish(channel, self);
    },
    async close() {
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}

/** The rules routes' deps with each successful reload announced to the other processes. */
export function announcingReloads(rules: RulesDeps, announce: () => Promise<void>, logger: Logger): RulesDeps {
  return {
    current: () => rules.current(),
    async reload(): Promise<ReloadOutcome> {
      const outcome = await rules.reload();
      if (outcome.ok) await announce().catch((error: unknown) => logger.warn({ err: error }, 'rules reloaded here, but the other processes could not be told; send them SIGHUP'));
      return outcome;
    },
  };
}
