import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ClusterRole } from '../../src/app/cluster/cluster-roles.js';

/** The CLI beside this file's build (dist/ or any other outDir). */
const CLI = new URL('../../src/cli.js', import.meta.url).pathname;

/** One line of the process's JSON log (pino). */
export interface LogEntry {
  level: number;
  msg?: string;
  [field: string]: unknown;
}

export interface RoleProcess {
  child: ChildProcess;
  pid: number;
  /** Every JSON log line so far, in order. */
  log: LogEntry[];
  /** Resolves with the first log line (past or future) that `match` accepts. */
  logged(match: (entry: LogEntry) => boolean, timeoutMs?: number): Promise<LogEntry>;
  /** Resolves with the exit code/signal once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` (default SIGTERM) and resolves once the process has ended. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `custodian <role>` (cluster profile) as a separate process, so a test can SIGKILL it, and
 * resolves when its log says `roles started`. `env` holds the `CUSTODIAN_*` settings; the log
 * level is `info` unless `env` says otherwise. Its output keeps being read, so it never blocks on a
 * full pipe. A process that does not start is killed and the promise rejects with its stderr.
 */
export async function startRoleProcess(role: ClusterRole, env: Record<string, string>, startTimeoutMs = 30_000): Promise<RoleProcess> {
  const started = spawnRoleProcess(role, env, startTimeoutMs);
  await started.ready;
  return started;
}

/**
 * Like {@link startRoleProcess}, but returns at once: `ready` resolves when the log says `roles
 * started` (the process may already be working before then: a worker takes jobs before it logs it).
 */
export function spawnRoleProcess(role: ClusterRole, env: Record<string, string>, startTimeoutMs = 30_000): RoleProcess & { ready: Promise<void> } {
  const child = spawn(process.execPath, [CLI, role], {
    env: { ...process.env, CUSTODIAN_PROFILE: 'cluster', CUSTODIAN_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8_192)));

  const log: LogEntry[] = [];
  interface Waiter { match: (entry: LogEntry) => boolean; settle: (entry: LogEntry | Error) => void }
  const waiters = new Set<Waiter>();
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  lines.on('line', (line) => {
    if (!line.startsWith('{')) return;
    let entry: LogEntry;
    try {
      entry = JSON.parse(line) as LogEntry;
    } catch {
      return;
    }
    log.push(entry);
    for (const waiter of waiters) if (waiter.match(entry)) waiter.settle(entry);
  });
  // Its output has ended, so nothing more will be logged: every wait ends now, and no timer keeps the test process alive.
  let ended = false;
  lines.once('close', () => {
    ended = true;
    for (const waiter of waiters) waiter.settle(new Error(`custodian ${role} (pid ${child.pid}) ended its output before logging the awaited line; stderr: ${stderr}`));
  });

  const logged = (match: (entry: LogEntry) => boolean, timeoutMs = 30_000) => {
    const seen = log.find(match);
    if (seen) return Promise.resolve(seen);
    if (ended) return Promise.reject(new Error(`custodian ${role} (pid ${child.pid}) has ended without logging the awaited line; stderr: ${stderr}`));
    return new Promise<LogEntry>((resolve, reject) => {
      const waiter: Waiter = {
        match,
        settle: (outcome) => {
          waiters.delete(waiter);
          clearTimeout(timer);
          if (outcome instanceof Error) reject(outcome);
          else resolve(outcome);
        },
      };
      const timer = setTimeout(() => waiter.settle(new Error(`custodian ${role} (pid ${child.pid}) did not log the awaited line within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
      waiters.add(waiter);
    });
  };

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };

  const started = logged((entry) => entry.msg === 'roles started', startTimeoutMs);
  const endedEarly = exited.then(({ code, signal }) => {
    throw new Error(`custodian ${role} exited before it was ready (code ${code}, signal ${signal}): ${stderr}`);
  });
  const ready = Promise.race([started, endedEarly]).then(
    () => undefined,
    async (error: unknown) => {
      await stop('SIGKILL');
      throw error;
    },
  );
  // A test that kills the process before it is ready does not await `ready`.
  ready.catch(() => undefined);
  return { child, pid: child.pid as number, log, logged, exited, stop, ready };
}
