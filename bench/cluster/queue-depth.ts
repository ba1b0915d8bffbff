import { Queue } from 'bullmq';
import { REDIS_CONNECTION } from './services.js';

export interface DepthSample {
  /** performance.now() of the sample. */
  at: number;
  /** Jobs waiting for a worker (waiting + prioritized + delayed, as the product counts them). */
  waiting: number;
  active: number;
  failed: number;
}

/**
 * Samples the `ingest` queue of one Redis prefix every `everyMs` (over a connection of its own):
 * how far the workers are behind the SMTP sink. Samples never overlap.
 */
export class QueueDepthSampler {
  readonly samples: DepthSample[] = [];
  private readonly queue: Queue;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(prefix: string, private readonly everyMs = 250) {
    this.queue = new Queue('ingest', { connection: { ...REDIS_CONNECTION }, prefix });
  }

  start(): void {
    this.timer = setInterval(() => {
      if (this.running === null) this.running = this.sample().then(() => undefined, () => undefined).finally(() => (this.running = null));
    }, this.everyMs);
  }

  async sample(): Promise<DepthSample> {
    const counts = await this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed');
    const sample = {
      at: performance.now(),
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0),
      active: counts.active ?? 0,
      failed: counts.failed ?? 0,
    };
    this.samples.push(sample);
    return sample;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.queue.close();
  }
}
