import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { until } from './deferred.js';

/** A running appliance as the end-to-end tests drive it, whichever profile runs it. */
export interface ApplianceHarness {
  smtpPort: number;
  apiUrl: string;
  dataDir: string;
  /** The admin token written at the first start (empty when no API role runs). */
  token: string;
  /** GET an API path with the admin token; parses JSON. */
  api<T = unknown>(path: string): Promise<{ status: number; body: T }>;
  apiRaw(path: string): Promise<Response>;
  /** Resolves when no job is waiting or running (every accepted message archived or dead-lettered). */
  drained(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The API helpers over a started appliance (both profiles' harnesses). */
export function applianceHarness(started: { smtpPort: number; apiUrl: string; dataDir: string; stop(): Promise<void> }): ApplianceHarness {
  const tokenFile = join(started.dataDir, 'admin-token');
  const token = existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : '';
  const apiRaw = (path: string) => fetch(`${started.apiUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  const api = async <T>(path: string) => {
    const response = await apiRaw(path);
    return { status: response.status, body: (await response.json()) as T };
  };
  return {
    ...started,
    token,
    api,
    apiRaw,
    drained: (timeoutMs = 120_000) =>
      until(async () => {
        const { body } = await api<{ waiting: number; active: number }>('/queue');
        return body.waiting === 0 && body.active === 0;
      }, timeoutMs, 50),
  };
}
