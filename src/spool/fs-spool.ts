import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { SmtpEnvelope } from '../domain/envelope.js';
import { TaskSlots } from '../concurrency/task-slots.js';
import { writeDurably } from '../fs/write-durably.js';
import type { Spool, SpooledMessage } from './spool.js';

/** Spool ids are UUIDv7 (time-ordered); anything else in the directory is not a spooled message. */
const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SUFFIX = '.msg';
/** Where a message is written before it is renamed into the spool; same filesystem. */
const TEMPORARY_DIR = 'tmp';
/** Enqueues in flight at once while `recover` offers the spool to the queue. */
const RECOVER_IN_FLIGHT = 64;
/** A temporary file this old belongs to no live write (a write takes seconds at most). */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

export interface FsSpoolOptions {
  /** The spool directory, on a filesystem every SMTP and worker process reaches. */
  root: string;
  /** Hands the spooled message to the pipeline (the `ingest` job, id = spool id; a repeat is a no-op). */
  enqueue: (spoolId: string) => Promise<void>;
  /** Longest wait for `enqueue` before the message is refused (451) rather than the client left hanging. Default 5000 ms. */
  enqueueTimeoutMs?: number;
  /**
   * Rejects when `root` is not the deployment's shared directory right now (a mount lost): run
   * before each message is written, and when a spooled file is missing, so neither a local write
   * nor a file merely out of sight is taken for the real thing. Default: no check.
   */
  checkStorage?: () => Promise<void>;
}

/**
 * The cluster spool: one file per accepted message on the shared filesystem — the envelope as one
 * JSON line, then the received bytes exactly — written durably (temp file, fsync, rename, directory
 * fsync), then the `ingest` job enqueued on Redis. `accept` resolves only when both are done, so
 * the sink's `250` means the bytes are on disk and a worker will take them.
 *
 * The file, not the Redis job, is the record of what is owed to the archive: if Redis loses jobs
 * (a failover without persistence), `recover` enqueues a job again for every spooled file, and the
 * job id (the spool id) makes a job that still exists a no-op. When the enqueue fails (Redis down),
 * the file is removed and `accept` rejects: the client gets a 4xx and sends the message again.
 */
export class FsSpool implements Spool {
  private readonly root: string;
  private readonly temporaryDir: string;
  private ready: Promise<void> | null = null;

  constructor(private readonly options: FsSpoolOptions) {
    this.root = options.root;
    this.temporaryDir = join(options.root, TEMPORARY_DIR);
  }

  /** Creates the spool directories once; a failure (a shared mount briefly away) is tried again on the next call. */
  private ensureDirectories(): Promise<void> {
    this.ready ??= mkdir(this.temporaryDir, { recursive: true, mode: 0o700 }).then(
      () => undefined,
      (error: unknown) => {
        this.ready = null;
        throw error;
      },
    );
    return this.ready;
  }

  private pathOf(id: string): string {
    if (!ID_PATTERN.test(id)) throw new RangeError(`not a spool id: ${JSON.stringify(id.slice(0, 80))}`);
    return join(this.root, `${id}${SUFFIX}`);
  }

  async accept(raw: Buffer, envelope: SmtpEnvelope): Promise<string> {
    await this.options.checkStorage?.();
    await this.ensureDirectories();
    const id = uuidv7();
    const path = this.pathOf(id);
    const header = Buffer.from(`${JSON.stringify(envelope)}\n`, 'utf8');
    await writeDurably(path, join(this.temporaryDir, `${id}.${randomBytes(6).toString('hex')}`), Buffer.concat([header, raw]));
    try {
      await withTimeout(this.options.enqueue(id), this.options.enqueueTimeoutMs ?? 5_000, 'enqueueing the ingest job');
    } catch (error) {
      // The client is told to try again; a file left here would be archived as well as the copy
      // it sends again (one message, two journal events: nothing lost, but a copy too many).
      await unlink(path).catch(() => undefined);
      throw error;
    }
    return id;
  }

  async read(id: string): Promise<SpooledMessage | null> {
    let file: Buffer;
    try {
      file = await readFile(this.pathOf(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // Gone means archived and un-spooled by an earlier run of its job, unless the directory itself is away.
      await this.options.checkStorage?.();
      return null;
    }
    const newline = file.indexOf(0x0a);
    if (newline < 0) throw new Error(`spool file ${id} has no envelope line`);
    return {
      id,
      envelope: JSON.parse(file.subarray(0, newline).toString('utf8')) as SmtpEnvelope,
      raw: file.subarray(newline + 1),
    };
  }

  /**
   * Need not be synced: a removal lost in a power cut leaves the file, and `recover` archives it
   * again, idempotently (the same spool id is a duplicate event, not a new copy).
   */
  async remove(id: string): Promise<void> {
    await unlink(this.pathOf(id)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  /**
   * Enqueues a job for every spooled message (a job that exists is left alone) and removes
   * temporary files no live write can own. Safe to run from many processes at once. Returns how
   * many spooled messages were offered to the queue again.
   */
  async recover(): Promise<number> {
    await this.ensureDirectories();
    const ids = await this.spooledIds();
    // Many adds in flight share the Redis connection back to back (pipelined), instead of one
    // round trip each: a backlog of a hundred thousand files is offered in seconds, not minutes.
    const slots = new TaskSlots(RECOVER_IN_FLIGHT);
    await Promise.all(ids.map((id) => slots.use(() => this.options.enqueue(id))));
    await this.removeAbandonedWrites();
    return ids.length;
  }

  async size(): Promise<number> {
    return (await this.spooledIds()).length;
  }

  private async spooledIds(): Promise<string[]> {
    const names = await readdir(this.root).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    return names.filter((name) => name.endsWith(SUFFIX)).map((name) => name.slice(0, -SUFFIX.length)).filter((id) => ID_PATTERN.test(id));
  }

  private async removeAbandonedWrites(): Promise<void> {
    const cutoff = Date.now() - ABANDONED_AFTER_MS;
    for (const name of await readdir(this.temporaryDir)) {
      const path = join(this.temporaryDir, name);
      const modified = (await stat(path).catch(() => null))?.mtimeMs;
      if (modified !== undefined && modified < cutoff) await unlink(path).catch(() => undefined);
    }
  }
}

/** Rejects when `promise` has not settled in `ms` (the promise itself runs on). */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
