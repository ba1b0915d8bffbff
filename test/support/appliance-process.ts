import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const CLI = new URL('../../src/cli.js', import.meta.url).pathname;

export interface ApplianceProcess {
  child: ChildProcess;
  pid: number;
  smtpPort: number;
  apiUrl: string;
  /** The admin API token the appliance wrote to `<dataDir>/admin-token`. */
  token: string;
  /** Resolves with the exit signal/code once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `custodian start` as a separate process (so a test can SIGKILL it, or a benchmark read
 * its peak RSS) on loopback and free ports, and resolves when its log says both the SMTP sink and
 * the API listen. Its output keeps being read, so it never blocks on a full pipe.
 */
export function startApplianceProcess(dataDir: string, env: Record<string, string> = {}, startTimeoutMs = 30_000): Promise<ApplianceProcess> {
  const child = spawn(process.execPath, [CLI, 'start'], {
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
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8_192)));
  return new Promise((resolve, reject) => {
    let smtpPort = 0;
    let apiUrl = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`custodian did not start within ${startTimeoutMs} ms: ${stderr}`));
    }, startTimeoutMs);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if ((smtpPort && apiUrl) || !line.startsWith('{')) return;
      const entry = JSON.parse(line) as { msg?: string; port?: number; url?: string };
      if (entry.msg === 'journaling SMTP sink listening' && entry.port) smtpPort = entry.port;
      if (entry.msg === 'API listening' && entry.url) apiUrl = entry.url;
      if (smtpPort && apiUrl) {
        clearTimeout(timer);
        const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
        resolve({ child, pid: child.pid as number, smtpPort, apiUrl, token, exited });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`custodian exited before it was ready (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}
