import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tempDir } from './temp-dir.js';

/** The Redis server binary the private instances run (Debian's redis-server package). */
export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/**
 * A Redis of a test's own, which the test may stop and start again: on loopback, a free port kept
 * across restarts, no persistence (`--save "" --appendonly no`), in a temporary directory. A
 * restart is therefore what a Redis without persistence does after a crash or a failover: it
 * comes back empty.
 */
export interface PrivateRedis {
  port: number;
  /** `redis://127.0.0.1:<port>`, for `cluster.redis.url`. */
  url: string;
  /** Whether the server runs now. */
  readonly isRunning: boolean;
  /** Ends the server (SIGKILL: a crash; SIGTERM: a clean stop) and resolves once it has exited. */
  stop(signal?: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** Starts the server again on the same port, empty; resolves once it accepts connections. */
  restart(): Promise<void>;
  /** Stops the server if it runs and removes its directory. */
  close(): Promise<void>;
}

/**
 * Whether a private Redis can run here. Without the binary the suite skips on a developer machine
 * (one line in the output) and fails in CI (CI=true).
 */
export function requireRedisServer(): { skip: string | false } {
  if (existsSync(REDIS_SERVER)) return { skip: false };
  const notice = `${REDIS_SERVER} not found; install redis-server (or set REDIS_SERVER)`;
  if (process.env.CI === 'true') throw new Error(notice);
  return { skip: notice };
}

/** Starts a private Redis on a free loopback port; resolves once it accepts connections. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = tempDir('redis');
  const port = await freePort();
  let child: ChildProcess | null = null;

  const start = async () => {
    const server = spawn(REDIS_SERVER, [
      '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
      '--dir', dir.path, '--daemonize', 'no', '--loglevel', 'warning',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = server;
    let output = '';
    const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_096));
    server.stdout?.on('data', collect);
    server.stderr?.on('data', collect);
    const exitedEarly = once(server, 'exit').then(([code, signal]) => {
      throw new Error(`redis-server exited at start (code ${code}, signal ${signal}): ${output}`);
    });
    exitedEarly.catch(() => undefined); // an exit after start is a stop, expected
    // Ready is when it answers PING, not when the process exists.
    await Promise.race([waitForPing(port, 10_000), exitedEarly]).catch((error: unknown) => {
      server.kill('SIGKILL');
      child = null;
      throw error;
    });
  };

  const stop = async (signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL') => {
    const server = child;
    child = null;
    if (server === null || server.exitCode !== null || server.signalCode !== null) return;
    const exited = once(server, 'exit');
    server.kill(signal);
    await exited;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get isRunning() {
      return child !== null;
    },
    stop,
    restart: async () => {
      if (child !== null) throw new Error('the private Redis is running; stop it first');
      await start();
    },
    close: async () => {
      await stop('SIGKILL');
      dir.remove();
    },
  };
}

/** A loopback port nothing listens on at the moment. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once a Redis on `port` answers PING; rejects after `timeoutMs`. */
async function waitForPing(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await answersPing(port))) {
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (reply) => done(reply.toString('latin1').startsWith('+PONG')));
  });
}
