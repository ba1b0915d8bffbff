import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import { describe, test } from 'node:test';
import cron from 'node-cron';
import { pino } from 'pino';
import { deferred } from '../../test/support/deferred.js';
import { createScheduler } from './scheduler.js';

const EVERY_SECOND = '* * * * * *';

/** A logger whose lines are kept and announced, so tests wait on what the scheduler logs. */
function recordingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const events = new EventEmitter();
  const logger = pino({ level: 'debug' }, {
    write(text: string) {
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      events.emit('line', line);
    },
  });
  const waitFor = (msg: string): Promise<Record<string, unknown>> =>
    new Promise((resolve) => {
      const seen = lines.find((line) => line.msg === msg);
      if (seen !== undefined) return resolve(seen);
      const listener = (line: Record<string, unknown>) => {
        if (line.msg !== msg) return;
        events.off('line', listener);
        resolve(line);
      };
      events.on('line', listener);
    });
  return { logger, lines, waitFor };
}

// Each test waits on real one-second firings; run them side by side to keep the suite short.
describe('scheduler', { concurrency: true }, () => {
  test('a task runs on its schedule, again and again', async (t) => {
    const { logger } = recordingLogger();
    const scheduler = createScheduler({ logger });
    t.after(() => scheduler.stop());
    const runs = new EventEmitter();
    let count = 0;
    scheduler.add('tick', EVERY_SECOND, async () => {
      count++;
      runs.emit('run', count);
    });
    scheduler.start();
    while (count < 2) await once(runs, 'run');
    assert.ok(count >= 2);
  });

  test('a firing while the previous run is still going is skipped and logged, never run alongside', async () => {
    const { logger, waitFor } = recordingLogger();
    const scheduler = createScheduler({ logger });
    const busy = deferred();
    let concurrent = 0;
    let maxConcurrent = 0;
    let runs = 0;
    scheduler.add('slow-sweep', EVERY_SECOND, async () => {
      runs++;
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await busy.promise;
      concurrent--;
    });
    scheduler.start();
    const skipped = await waitFor('scheduled run skipped: the previous run is still going');
    assert.equal(skipped.task, 'slow-sweep');
    busy.resolve();
    await scheduler.stop();
    assert.equal(runs, 1);
    assert.equal(maxConcurrent, 1);
  });

  test('a failing task is logged and runs again at its next firing', async (t) => {
    const { logger, waitFor } = recordingLogger();
    const scheduler = createScheduler({ logger });
    t.after(() => scheduler.stop());
    let attempts = 0;
    const again = deferred();
    scheduler.add('flaky', EVERY_SECOND, async () => {
      attempts++;
      if (attempts === 1) throw new Error('tsa unreachable');
      again.resolve();
    });
    scheduler.start();
    const failed = await waitFor('scheduled run failed');
    assert.equal(failed.task, 'flaky');
    assert.equal((failed.err as { message: string }).message, 'tsa unreachable');
    await again.promise;
    assert.equal(attempts, 2);
  });

  test('stop waits for the run in progress and unregisters the tasks', async () => {
    const { logger } = recordingLogger();
    const scheduler = createScheduler({ logger });
    const started = deferred();
    const busy = deferred();
    let finished = false;
    scheduler.add('checkpoint', EVERY_SECOND, async () => {
      started.resolve();
      await busy.promise;
      finished = true;
    });
    scheduler.start();
    await started.promise;
    const stopping = scheduler.stop().then(() => finished);
    busy.resolve();
    assert.equal(await stopping, true);
    assert.ok(![...cron.getTasks().values()].some((task) => task.name === 'checkpoint'));
  });

  test('a bad expression or a duplicate name is refused when the task is added', async () => {
    const scheduler = createScheduler({ logger: recordingLogger().logger });
    assert.throws(() => scheduler.add('sweep', 'every hour', async () => {}), /not a cron expression/);
    scheduler.add('sweep', '17 * * * *', async () => {});
    assert.throws(() => scheduler.add('sweep', '17 * * * *', async () => {}), /already registered/);
    await scheduler.stop();
    assert.throws(() => scheduler.add('late', '17 * * * *', async () => {}), /stopped/);
  });
});
