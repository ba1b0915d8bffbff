import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { startEmbeddedAppliance, type RunningAppliance } from '../../src/app/embedded-appliance.js';
import { loadConfig } from '../../src/config/load-config.js';
import { until } from './deferred.js';
import { tempDir } from './temp-dir.js';

export interface Harness {
  appliance: RunningAppliance;
  dataDir: string;
  token: string;
  /** GET an API path with the admin token; parses JSON. */
  api<T = unknown>(path: string): Promise<{ status: number; body: T }>;
  apiRaw(path: string): Promise<Response>;
  /** Resolves when no job is waiting or running (every accepted message archived or dead-lettered). */
  drained(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a real embedded appliance in this process on free ports and a fresh data directory. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const dir = tempDir('e2e');
  const config = loadConfig({
    env: {
      CUSTODIAN_DATA_DIR: dir.path,
      CUSTODIAN_SMTP__PORT: '0',
      CUSTODIAN_API__PORT: '0',
      CUSTODIAN_LOG_LEVEL: 'error',
      ...env,
    },
  });
  const appliance = await startEmbeddedAppliance(config, pino({ level: 'error' }));
  const token = readFileSync(join(dir.path, 'admin-token'), 'utf8').trim();
  const apiRaw = (path: string) => fetch(`${appliance.apiUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  const api = async <T>(path: string) => {
    const response = await apiRaw(path);
    return { status: response.status, body: (await response.json()) as T };
  };
  return {
    appliance,
    dataDir: dir.path,
    token,
    api,
    apiRaw,
    drained: (timeoutMs = 120_000) =>
      until(async () => {
        const { body } = await api<{ waiting: number; active: number }>('/queue');
        return body.waiting === 0 && body.active === 0;
      }, timeoutMs, 50),
    stop: async () => {
      await appliance.close();
      dir.remove();
    },
  };
}
