import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { spawnServer } from './child-process.js';
import type { Cleanup } from './run-bench.js';

/** The CLI entry as built (this file runs from dist/bench/support/). */
const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));

export interface ApplianceChild {
  child: ChildProcess;
  pid: number;
  smtpPort: number;
  apiUrl: string;
  /** The admin API token the appliance wrote to <dataDir>/admin-token. */
  token: string;
  dataDir: string;
}

/**
 * Starts `custodian start` (the whole embedded appliance: sink, pipeline, API) as a child process
 * on a fresh data directory and free ports, as an operator would run it. A separate process keeps
 * the benchmark's own client work off the appliance's event loop and lets us read its peak RSS
 * from /proc. Resolves when its log says both the SMTP sink and the API listen; the child is
 * stopped by `cleanup`. Durability is as shipped (group commit, WAL fsync'd before each `250`).
 */
export function startApplianceChild(cleanup: Cleanup, dataDir: string, env: Record<string, string> = {}, startTimeoutMs = 30_000): Promise<ApplianceChild> {
  const child = spawnServer(cleanup, process.execPath, [CLI, 'start'], {
    env: {
      ...process.env,
      CUSTODIAN_DATA_DIR: dataDir,
      CUSTODIAN_SMTP__HOST: '127.0.0.1',
      CUSTODIAN_SMTP__PORT: '0',
      CUSTODIAN_API__HOST: '127.0.0.1',
      CUSTODIAN_API__PORT: '0',
      CUSTODIAN_LOG_LEVEL: 'info',
      ...env,
    },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8_192)));
  return new Promise((resolve, reject) => {
    let smtpPort = 0;
    let apiUrl = '';
    const timer = setTimeout(() => reject(new Error(`custodian did not start within ${startTimeoutMs} ms: ${stderr}`)), startTimeoutMs);
    // Keeps reading after start-up too, so the child never blocks writing its log.
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (smtpPort && apiUrl) return;
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as { msg?: string; port?: number; url?: string };
      if (entry.msg === 'journaling SMTP sink listening' && entry.port) smtpPort = entry.port;
      if (entry.msg === 'API listening' && entry.url) apiUrl = entry.url;
      if (smtpPort && apiUrl) {
        clearTimeout(timer);
        const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
        resolve({ child, pid: child.pid as number, smtpPort, apiUrl, token, dataDir });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`custodian exited before it was ready (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}
