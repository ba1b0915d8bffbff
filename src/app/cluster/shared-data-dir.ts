import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import { syncDirectory } from '../../fs/sync-directory.js';
import { DependencyUnavailableError } from '../../queue/errors.js';

/** The file in `dataDir` that names the deployment whose shared directory it is. */
const IDENTITY_FILE = 'cluster-id';

/** A role started on a data directory that is not the deployment's shared one (a mount missing, a wrong path). */
export class SharedDataDirError extends Error {
  override readonly name = 'SharedDataDirError';
}

/**
 * Makes sure this process sees the deployment's shared data directory, not an empty local one
 * where a mount is missing. The first process of a deployment writes a random id to
 * `<dataDir>/cluster-id` and records it in Redis; every later process compares the two and
 * refuses to start on a mismatch (SharedDataDirError, naming both). If Redis lost the record, the
 * file's id is recorded again. Resolves to a check the spool runs before each write and whenever a
 * spooled file is missing, so a mount lost while running makes jobs wait and the sink answer 451
 * instead of a message spooled where no worker looks, or a job taken for done.
 */
export async function claimSharedDataDir(options: { dataDir: string; connection: RedisOptions; redisKey: string }): Promise<() => Promise<void>> {
  const file = join(options.dataDir, IDENTITY_FILE);
  const redis = new Redis({ ...options.connection, lazyConnect: true, maxRetriesPerRequest: 3, retryStrategy: () => null });
  // Errors surface through connect() and the commands below; without a listener ioredis prints them.
  redis.on('error', () => undefined);
  let expected: string;
  try {
    await redis.connect().catch((error: unknown) => {
      const where = `${options.connection.host ?? '127.0.0.1'}:${options.connection.port ?? 6379}`;
      throw new Error(`Redis at ${where} is not reachable (${(error as Error).message}); every cluster role needs it to start (cluster.redis.url)`, { cause: error });
    });
    const onDisk = await readIdentity(file);
    const recorded = await redis.get(options.redisKey);
    if (recorded !== null && onDisk !== recorded) {
      throw new SharedDataDirError(
        `dataDir ${options.dataDir} is not this deployment's shared data directory: ${onDisk === null ? `it has no ${IDENTITY_FILE} file` : `its ${IDENTITY_FILE} is ${onDisk}`}, `
        + `but Redis (${options.redisKey}) records ${recorded}. Mount the shared filesystem at ${options.dataDir} on this host, or fix dataDir.`,
      );
    }
    expected = onDisk ?? (await createIdentity(options.dataDir, file));
    if (recorded === null && (await redis.set(options.redisKey, expected, 'NX')) === null) {
      // Another process recorded an id between our GET and SET: it must be the same directory's.
      const winner = await redis.get(options.redisKey);
      if (winner !== expected) throw new SharedDataDirError(`dataDir ${options.dataDir} (${IDENTITY_FILE} ${expected}) lost the race to record the deployment's data directory to ${winner ?? 'nothing'}; is the shared filesystem mounted on every host?`);
    }
  } finally {
    redis.disconnect();
  }
  return async () => {
    const seen = await readIdentity(file).catch(() => null);
    if (seen !== expected) throw new DependencyUnavailableError(`the shared data directory is not mounted at ${options.dataDir} (${IDENTITY_FILE} ${seen ?? 'missing'}, expected ${expected})`);
  };
}

async function readIdentity(file: string): Promise<string | null> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Writes a fresh id unless one is there, and returns the one on disk. `link` never replaces an
 * existing name, so when two first starts race, exactly one id is written and both read it back.
 */
async function createIdentity(dataDir: string, file: string): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${randomUUID()}\n`, { mode: 0o600, flush: true });
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  await syncDirectory(dataDir);
  return (await readIdentity(file)) as string;
}
