import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Cleanup } from './run-bench.js';

/**
 * Stops a child: SIGTERM, then SIGKILL if it has not exited within `graceMs`. Resolves once it
 * has exited (at once if it already had). Only ever signals this child's own pid.
 */
export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Spawns a long-running child (a server) and registers its stop with `cleanup`. */
export function spawnServer(cleanup: Cleanup, command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  cleanup.add(`stop ${command} (pid ${child.pid ?? '?'})`, () => stopChild(child));
  // Drain output so a chatty child never blocks on a full pipe.
  child.stdout?.resume();
  return child;
}

export interface TimedRun {
  /** Wall time from spawn to exit, measured with process.hrtime. */
  elapsedMs: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion and times it with process.hrtime (spawn to exit), killing it if
 * it outlives `timeoutMs`. Output is kept (last 64 KiB of each stream) for error reports.
 */
export function timedRun(cleanup: Cleanup, command: string, args: string[], timeoutMs: number): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    cleanup.add(`stop ${command} (pid ${child.pid ?? '?'})`, () => stopChild(child, 1_000));
    let stdout = '';
    let stderr = '';
    const keep = (text: string, chunk: Buffer) => (text + chunk.toString()).slice(-65_536);
    child.stdout?.on('data', (chunk: Buffer) => (stdout = keep(stdout, chunk)));
    child.stderr?.on('data', (chunk: Buffer) => (stderr = keep(stderr, chunk)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ elapsedMs, code, signal, stdout, stderr });
    });
  });
}

/**
 * Peak resident set size of a live process in MiB, from /proc/<pid>/status (VmHWM: the high-water
 * mark the kernel keeps, so no sample is missed). Null once the process is gone or off Linux.
 */
export async function peakRssMiB(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kib ? Math.round(Number(kib) / 1024) : null;
  } catch {
    return null;
  }
}
