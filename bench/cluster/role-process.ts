import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { ClusterRole } from '../../src/app/cluster/cluster-roles.js';
import { stopChild } from '../support/child-process.js';
import type { Cleanup } from '../support/run-bench.js';

/** The CLI of the same build as this file (dist-bench/ or dist/), as an operator would run it. */
const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));

export interface RoleProcess {
  role: ClusterRole;
  child: ChildProcess;
  pid: number;
  /** The SMTP sink's port (the `smtp` role); null for other roles. */
  smtpPort: number | null;
  /** Warnings and errors the process logged (level ≥ warn), last 20, for the report. */
  problems: string[];
  /** How many log lines at warn or above it wrote. */
  problemCount(): number;
}

/**
 * Starts `custodian <role>` (cluster profile, settings through `CUSTODIAN_*` env) as a process of
 * its own, and resolves once its log says `roles started` (and, for `smtp`, the sink's port).
 * `cleanup` stops it (SIGTERM, then SIGKILL after 10 s) however the benchmark ends. Its output is
 * read to the end, so it never blocks on a full pipe. `nodeArgs` go before the script (e.g. `--cpu-prof`).
 */
export function startRole(
  cleanup: Cleanup,
  role: ClusterRole,
  env: Record<string, string>,
  options: { nodeArgs?: string[]; startTimeoutMs?: number } = {},
): Promise<RoleProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, role], {
    env: { ...process.env, CUSTODIAN_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanup.add(`stop custodian ${role} (pid ${child.pid ?? '?'})`, () => stopChild(child, 10_000));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8_192)));
  const problems: string[] = [];
  let problemCount = 0;
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    let smtpPort: number | null = null;
    let ready = false;
    const timer = setTimeout(() => reject(new Error(`custodian ${role} did not start within ${startTimeoutMs} ms: ${stderr}`)), startTimeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`custodian ${role} exited before it was ready (code ${code}, signal ${signal}): ${stderr}${problems.join('\n')}`));
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      let entry: { level?: number; msg?: string; port?: number; err?: { message?: string }; reason?: string };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return;
      }
      if ((entry.level ?? 0) >= 40) {
        problemCount += 1;
        problems.push(`${entry.msg ?? ''}${entry.reason ? `: ${entry.reason}` : entry.err?.message ? `: ${entry.err.message}` : ''}`);
        if (problems.length > 20) problems.shift();
      }
      if (entry.msg === 'journaling SMTP sink listening' && entry.port) smtpPort = entry.port;
      if (entry.msg === 'roles started' && !ready) {
        ready = true;
        clearTimeout(timer);
        resolve({ role, child, pid: child.pid as number, smtpPort, problems, problemCount: () => problemCount });
      }
    });
  });
}
