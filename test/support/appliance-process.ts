import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const CLI = new URL('../../src/cli.js', import.meta.url).pathname;

export interface ApplianceProcess {
  child: ChildProcess;
  smtpPort: number;
  apiUrl: string;
  token: string;
  /** Resolves with the exit signal/code once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `custodian start` as a separate process (so a test can SIGKILL it) and resolves when its
 * log says both the SMTP sink and the API are listening.
 */
export function startApplianceProcess(dataDir: string, env: Record<string, string> = {}): Promise<ApplianceProcess> {
  const child = spawn(process.execPath, [CLI, 'start'], {
    env: { ...process.env, CUSTODIAN_DATA_DIR: dataDir, CUSTODIAN_SMTP__PORT: '0', CUSTODIAN_API__PORT: '0', CUSTODIAN_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let smtpPort = 0;
    let apiUrl = '';
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as { msg?: string; port?: number; url?: string };
      if (entry.msg === 'journaling SMTP sink listening' && entry.port) smtpPort = entry.port;
      if (entry.msg === 'API listening' && entry.url) apiUrl = entry.url;
      if (smtpPort && apiUrl) {
        smtpPort = smtpPort || 0;
        const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
        resolve({ child, smtpPort, apiUrl, token, exited });
        smtpPort = 0;
      }
    });
    void exited.then(({ code, signal }) => reject(new Error(`custodian exited before it was ready (code ${code}, signal ${signal}): ${stderr}`)));
  });
}
